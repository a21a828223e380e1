using CommandLine;
using CommandLine.Text;
using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Cli;

/// <summary>The command line: verbs, their flags, and the exit codes
/// (0 success, 1 an --expect failed, 2 bad input with one line on stderr).</summary>
public static class StallSimCli
{
    public const int BadInput = 2;

    public static int Run(string[] args)
    {
        using var parser = new Parser(settings =>
        {
            settings.HelpWriter = null;
            settings.AllowMultiInstance = true;
        });
        var parsed = parser.ParseArguments<RunOptions, SweepOptions, MergeOptions, ValidateOptions, ListOptions>(args);
        try
        {
            return parsed.MapResult(
                (RunOptions o) => RunCommand.Execute(o),
                (SweepOptions o) => SweepCommands.Sweep(o),
                (MergeOptions o) => SweepCommands.Merge(o),
                (ValidateOptions o) => ValidateAndList.Validate(o),
                (ListOptions _) => ValidateAndList.List(),
                errors => ParseFailed(parsed, errors.ToList()));
        }
        catch (InputException e)
        {
            Console.Error.WriteLine($"stallsim: {e.Message}");
            return BadInput;
        }
    }

    private static int ParseFailed<T>(ParserResult<T> parsed, List<Error> errors)
    {
        if (errors.Any(e => e.Tag is ErrorType.HelpRequestedError or ErrorType.HelpVerbRequestedError or ErrorType.VersionRequestedError))
        {
            var text = errors.Any(e => e.Tag == ErrorType.VersionRequestedError)
                ? HeadingInfo.Default.ToString()
                : HelpText.AutoBuild(parsed, h =>
                {
                    h.AdditionalNewLineAfterOption = false;
                    h.AddPostOptionsLine("Exit codes: 0 success, 1 an --expect failed, 2 bad input.");
                    return h;
                }, e => e, verbsIndex: parsed.TypeInfo.Current == typeof(NullInstance)).ToString();
            Console.WriteLine(text);
            return 0;
        }
        var message = SentenceBuilder.Create().FormatError(errors.First());
        Console.Error.WriteLine($"stallsim: {message.TrimEnd('.')} (see stallsim --help)");
        return BadInput;
    }
}
