using System.Globalization;
using CommandLine;
using CommandLine.Text;
using StallSim.PoolModel;
using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Cli;

/// <summary>The command line: verbs, their flags, and the exit codes
/// (0 success, 1 an --expect failed, 2 bad input with one line on stderr, 3 an output could not be written).</summary>
public static class StallSimCli
{
    public const int BadInput = 2;

    /// <summary>An output could not be written after the work was done (a full disk, a directory removed meanwhile):
    /// one line naming the path and the OS's error; no file is left half-written.</summary>
    public const int IoError = 3;

    /// <summary>Something stallsim did not expect (a bug): one line, a log with the details, and this code
    /// (EX_SOFTWARE of sysexits.h). Bad input never ends here; tests make sure of it.</summary>
    public const int InternalError = 70;

    /// <summary>What each verb's exit codes mean, for its own help text.</summary>
    private static readonly Dictionary<Type, string> ExitCodes = new()
    {
        [typeof(RunOptions)] = "Exit codes: 0 success, 1 an --expect failed, 2 bad input, 3 an output could not be written.",
        [typeof(MarginsOptions)] = "Exit codes: 0 success, 2 bad input, 3 an output could not be written.",
        [typeof(SweepOptions)] = "Exit codes: 0 success, 1 a --never or --somewhere failed, 2 bad input, 3 an output could not be written.",
        [typeof(MergeOptions)] = "Exit codes: 0 success, 1 a --never or --somewhere failed, 2 bad input, 3 an output could not be written.",
        [typeof(ValidateOptions)] = "Exit codes: 0 every file is valid, 2 a file is not.",
        [typeof(ListOptions)] = "Exit codes: 0.",
        [typeof(KeysOptions)] = "Exit codes: 0 success, 2 the file to refresh cannot be read or has no key table.",
        [typeof(CalibrateOptions)] = "Exit codes: 0 success, 2 no Go, or the profile cannot be written.",
        [typeof(DumpOptions)] = "Exit codes: 0 success, 2 a file is not a goroutine dump (one line says where).",
        [typeof(CompareOptions)] = "Exit codes: 0 success, 2 bad input, 3 an output could not be written.",
        [typeof(TwinOptions)] =
            "Exit codes: 0 success, 1 with --strict: the twin and the simulator disagree beyond a criterion, 2 bad input or no Go, 3 an "
            + "output could not be written.",
    };

    /// <summary>How each verb is called, the first line of its own help.</summary>
    private static readonly Dictionary<Type, string> Usages = new()
    {
        [typeof(RunOptions)] = "stallsim run [SCENARIO] [--seeds N] [--set KEY=VALUE]... [--out DIR] [--margins]",
        [typeof(MarginsOptions)] = "stallsim margins [SCENARIO] [--axis KEY=FROM..TO]... [--seeds N] [--jobs N] [--out DIR]",
        [typeof(SweepOptions)] = "stallsim sweep SWEEP [--jobs N] [--shard k/n] [--refine K] [--out DIR]",
        [typeof(MergeOptions)] = "stallsim merge DIR... --out DIR",
        [typeof(ValidateOptions)] = "stallsim validate FILE... [--set KEY=VALUE]...",
        [typeof(ListOptions)] = "stallsim list",
        [typeof(KeysOptions)] = "stallsim keys [--refresh FILE.md]",
        [typeof(CalibrateOptions)] = "stallsim calibrate [--out PROFILE.yaml] [--combine A.yaml,B.yaml,C.yaml]",
        [typeof(DumpOptions)] = "stallsim dump FILE... [--line-map NAME] [--csv] [--against RUN_DIR [--out DIR]]",
        [typeof(CompareOptions)] = "stallsim compare SWEEP [--jobs N] [--refine K] [--out DIR]",
        [typeof(TwinOptions)] = "stallsim twin SCENARIO [--seed N]... [--variant V]... [--out DIR]",
    };

    private const string AllExitCodes =
        "Exit codes: 0 success, 1 an expectation (--expect, --never, --somewhere) failed, 2 bad input, 3 an output could not be written.";

    public static readonly IReadOnlyList<string> Verbs =
    [
        "run",
        "margins",
        "sweep",
        "compare",
        "merge",
        "validate",
        "list",
        "keys",
        "dump",
        "twin",
        "calibrate",
    ];

    public static int Run(string[] args)
    {
        // Reports, CSVs and plots read the same wherever they are made: the build asks for invariant globalization,
        // but DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=0 and a German LANG would still print 48,7% without this.
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        Output.OutputDirectory.Forget();
        try
        {
            return RunVerb(args);
        }
        catch (Exception e) when (Unwrap(e) is InputException input)
        {
            Output.OutputDirectory.RemoveCreatedIfEmpty();
            Console.Error.WriteLine($"stallsim: {OneLine(input.Message)}");
            return BadInput;
        }
        catch (Exception e) when (Unwrap(e) is RunLimitExceeded stopped)
        {
            Output.OutputDirectory.RemoveCreatedIfEmpty();
            Console.Error.WriteLine($"stallsim: {OneLine(Work.Stopped(stopped))}");
            return BadInput;
        }
        catch (Exception e) when (Unwrap(e) is IOException or UnauthorizedAccessException)
        {
            Output.OutputDirectory.RemoveCreatedIfEmpty();
            Console.Error.WriteLine($"stallsim: cannot write the outputs: {Scenarios.YamlTree.FirstLine(Unwrap(e).Message)}");
            return IoError;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine(
                $"stallsim: internal error ({Unwrap(e).GetType().Name}: {Scenarios.YamlTree.FirstLine(Unwrap(e).Message)}); "
                    + $"{CrashLog(e)}; please report it with the command line"
            );
            return InternalError;
        }
    }

    /// <summary>A message as one line: a control character a user's input carried (a newline, a NUL) is shown escaped.</summary>
    internal static string OneLine(string message) =>
        string.Concat(message.Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()));

    /// <summary>The one exception inside a parallel loop's wrapper.</summary>
    private static Exception Unwrap(Exception e) =>
        e is AggregateException { InnerExceptions.Count: >= 1 } a ? Unwrap(a.InnerExceptions[0]) : e;

    /// <summary>Writes the details of an unexpected exception to a log beside the temporary files; says where.</summary>
    private static string CrashLog(Exception e)
    {
        try
        {
            var path = Path.Combine(Path.GetTempPath(), $"stallsim-crash-{Environment.ProcessId}.log");
            File.WriteAllText(path, $"stallsim {string.Join(' ', Environment.GetCommandLineArgs().Skip(1))}\n{e}\n");
            return $"details in {path}";
        }
        catch (Exception)
        {
            return "no log could be written";
        }
    }

    private static int RunVerb(string[] args)
    {
        try
        {
            _ = Directory.GetCurrentDirectory();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException("the working directory no longer exists (deleted after the shell entered it); cd to one that does");
        }
        // `help VERB` is `VERB --help`: the verb's own options, not the list of verbs.
        if (args is ["help", var verb, ..] && !verb.StartsWith('-'))
        {
            if (!Verbs.Contains(verb))
                throw new InputException($"help {verb}: unknown command '{verb}'; the commands are {string.Join(", ", Verbs)}");
            args = [verb, "--help"];
        }
        Switches.RefuseValues(args, ExitCodes.Keys);
        using var parser = new Parser(settings =>
        {
            settings.HelpWriter = null;
            settings.AllowMultiInstance = true;
        });
        var parsed = parser.ParseArguments<
            RunOptions,
            MarginsOptions,
            SweepOptions,
            CompareOptions,
            MergeOptions,
            ValidateOptions,
            ListOptions,
            KeysOptions,
            DumpOptions,
            TwinOptions,
            CalibrateOptions
        >(args);
        {
            return parsed.MapResult(
                (RunOptions o) => RunCommand.Execute(o),
                (MarginsOptions o) => MarginsCommand.Execute(o),
                (SweepOptions o) => SweepCommands.Sweep(o),
                (CompareOptions o) => CompareCommand.Execute(o),
                (MergeOptions o) => SweepCommands.Merge(o),
                (ValidateOptions o) => ValidateAndList.Validate(o),
                (ListOptions _) => ValidateAndList.List(),
                (KeysOptions o) => ValidateAndList.Keys(o),
                (DumpOptions o) => DumpCommand.Execute(o),
                (TwinOptions o) => Twin.TwinCommand.Execute(o),
                (CalibrateOptions o) => Twin.CalibrateCommand.Execute(o),
                errors => ParseFailed(parsed, errors.ToList())
            );
        }
    }

    /// <summary>A command-line error in stallsim's words (the parser library's own are not ours to show).</summary>
    private static string Describe(Error error, string? verb) =>
        error switch
        {
            BadVerbSelectedError e => $"unknown command '{e.Token}'; the commands are {string.Join(", ", Verbs)}",
            MissingValueOptionError e => $"{verb}: expected a value for --{e.NameInfo.LongName}",
            UnknownOptionError e => $"{verb}: unknown option '{e.Token}'",
            MissingRequiredOptionError e when e.NameInfo.LongName.Length > 0 => $"{verb}: --{e.NameInfo.LongName} is required",
            MissingRequiredOptionError or SequenceOutOfRangeError => verb switch
            {
                "merge" => "merge: expected the shard directories to merge (merge DIR... --out DIR)",
                "validate" => "validate: expected the scenario or sweep files to check",
                "dump" => "dump: expected the goroutine dump files to read",
                _ => $"{verb}: expected a file or name",
            },
            BadFormatConversionError e => $"{verb}: --{e.NameInfo.LongName}: expected a number",
            RepeatedOptionError e => $"{verb}: --{e.NameInfo.LongName} given twice",
            _ => $"{verb}: cannot read the command line ({error.Tag})",
        };

    private static int ParseFailed<T>(ParserResult<T> parsed, List<Error> errors)
    {
        if (errors.Any(e => e.Tag is ErrorType.HelpRequestedError or ErrorType.HelpVerbRequestedError or ErrorType.VersionRequestedError))
        {
            var text = errors.Any(e => e.Tag == ErrorType.VersionRequestedError)
                ? HeadingInfo.Default.ToString()
                : HelpText
                    .AutoBuild(
                        parsed,
                        h =>
                        {
                            h.AdditionalNewLineAfterOption = false;
                            if (Usages.TryGetValue(parsed.TypeInfo.Current, out var usage))
                            {
                                // The verb's own help: how to call it and what it does, before its options.
                                var about = parsed
                                    .TypeInfo.Current.GetCustomAttributes(typeof(VerbAttribute), false)
                                    .OfType<VerbAttribute>()
                                    .First()
                                    .HelpText;
                                h.AddPreOptionsLine($"Usage: {usage}");
                                h.AddPreOptionsLine(about);
                            }
                            h.AddPostOptionsLine(ExitCodes.GetValueOrDefault(parsed.TypeInfo.Current, AllExitCodes));
                            return h;
                        },
                        e => e,
                        verbsIndex: parsed.TypeInfo.Current == typeof(NullInstance)
                    )
                    .ToString();
            Console.WriteLine(text);
            return 0;
        }
        var verb = parsed.TypeInfo.Current.GetCustomAttributes(typeof(VerbAttribute), false).OfType<VerbAttribute>().FirstOrDefault()?.Name;
        Console.Error.WriteLine($"stallsim: {Describe(errors.First(), verb)} (see stallsim {(verb is null ? "" : verb + " ")}--help)");
        return BadInput;
    }
}
