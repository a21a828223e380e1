using CommandLine;
using CommandLine.Text;
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
        [typeof(TwinOptions)] = "Exit codes: 0 success, 1 with --strict: the twin and the simulator disagree beyond a criterion, 2 bad input or no Go, 3 an output could not be written.",
    };

    private const string AllExitCodes = "Exit codes: 0 success, 1 an expectation (--expect, --never, --somewhere) failed, 2 bad input, 3 an output could not be written.";

    public static int Run(string[] args)
    {
        // `help VERB` is `VERB --help`: the verb's own options, not the list of verbs.
        if (args is ["help", var verb, ..] && !verb.StartsWith('-')) args = [verb, "--help"];
        using var parser = new Parser(settings =>
        {
            settings.HelpWriter = null;
            settings.AllowMultiInstance = true;
        });
        var parsed = parser.ParseArguments<RunOptions, MarginsOptions, SweepOptions, CompareOptions, MergeOptions, ValidateOptions, ListOptions, KeysOptions, DumpOptions, TwinOptions, CalibrateOptions>(args);
        try
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
                errors => ParseFailed(parsed, errors.ToList()));
        }
        catch (InputException e)
        {
            Console.Error.WriteLine($"stallsim: {e.Message}");
            return BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"stallsim: cannot write the outputs: {Scenarios.YamlTree.FirstLine(e.Message)}");
            return IoError;
        }
    }

    /// <summary>A command-line error in stallsim's words (the parser library's own are not ours to show).</summary>
    private static string Describe(Error error, string? verb) => error switch
    {
        BadVerbSelectedError e => $"unknown command '{e.Token}'; the commands are run, margins, sweep, compare, merge, validate, list, keys, dump, twin, calibrate",
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
                : HelpText.AutoBuild(parsed, h =>
                {
                    h.AdditionalNewLineAfterOption = false;
                    h.AddPostOptionsLine(ExitCodes.GetValueOrDefault(parsed.TypeInfo.Current, AllExitCodes));
                    return h;
                }, e => e, verbsIndex: parsed.TypeInfo.Current == typeof(NullInstance)).ToString();
            Console.WriteLine(text);
            return 0;
        }
        var verb = parsed.TypeInfo.Current.GetCustomAttributes(typeof(VerbAttribute), false).OfType<VerbAttribute>().FirstOrDefault()?.Name;
        Console.Error.WriteLine($"stallsim: {Describe(errors.First(), verb)} (see stallsim {(verb is null ? "" : verb + " ")}--help)");
        return BadInput;
    }
}
