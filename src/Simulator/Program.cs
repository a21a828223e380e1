using CommandLine;
using CommandLine.Text;
using StallSim.Simulator.Cli;
using StallSim.Simulator.Scenarios;

// stallsim: exit 0 on success, 1 when an --expect assertion fails, 2 on bad input (one line on stderr).
const int BadInput = 2;

using var parser = new Parser(settings =>
{
    settings.HelpWriter = null;
    settings.AllowMultiInstance = true;
    settings.CaseInsensitiveEnumValues = false;
});
var parsed = parser.ParseArguments<RunOptions, ValidateOptions, ListOptions>(args);
try
{
    return parsed.MapResult(
        (RunOptions o) => RunCommand.Execute(o),
        (ValidateOptions o) => ValidateAndList.Validate(o),
        (ListOptions _) => ValidateAndList.List(),
        errors => ParseFailed(parsed, errors.ToList()));
}
catch (InputException e)
{
    Console.Error.WriteLine($"stallsim: {e.Message}");
    return BadInput;
}

static int ParseFailed<T>(ParserResult<T> parsed, List<Error> errors)
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
            }, e => e, verbsIndex: true).ToString();
        Console.WriteLine(text);
        return 0;
    }
    var first = errors.First();
    var message = SentenceBuilder.Create().FormatError(first);
    Console.Error.WriteLine($"stallsim: {message.TrimEnd('.')} (see stallsim --help)");
    return BadInput;
}
