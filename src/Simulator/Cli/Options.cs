using CommandLine;

namespace StallSim.Simulator.Cli;

/// <summary>Flags shared by the verbs that run scenarios.</summary>
public abstract class RunFlags
{
    [Option("out", HelpText = "Output directory (default: results/<scenario name>).")]
    public string? Out { get; set; }

    [Option("seed", HelpText = "Run this seed only (overrides the scenario's seeds).")]
    public string? Seed { get; set; }

    [Option("variant", HelpText = "Run this variant (repeatable; overrides the scenario's variants): buggy, fixed, or a custom variant.")]
    public IEnumerable<string> Variants { get; set; } = [];

    [Option("set", HelpText = "Override a scenario key: --set workload.rate=900/s (repeatable).")]
    public IEnumerable<string> Sets { get; set; } = [];

    [Option("jobs", HelpText = "Runs in parallel (default: the number of cores). Each run is single-threaded.")]
    public int? Jobs { get; set; }

    [Option("quiet", HelpText = "Print nothing but errors and failed expectations.")]
    public bool Quiet { get; set; }
}

[Verb("run", isDefault: true, HelpText = "Run a scenario (default: the embedded seed-stall), all its variants and seeds, and write its report.")]
public sealed class RunOptions : RunFlags
{
    [Value(0, MetaName = "FILE", HelpText = "Scenario file, or the name of a shipped scenario (see 'list').")]
    public string? File { get; set; }

    [Option("expect", HelpText = "Fail (exit 1) unless every seed of VARIANT reaches VERDICT: --expect buggy=metastable (repeatable).")]
    public IEnumerable<string> Expectations { get; set; } = [];

    [Option("timing", HelpText = "Fill summary.csv's wall_s column (off by default, so that outputs are byte-identical).")]
    public bool Timing { get; set; }
}

[Verb("validate", HelpText = "Check scenario or sweep files without running them.")]
public sealed class ValidateOptions
{
    [Value(0, MetaName = "FILE", Min = 1, Required = true, HelpText = "Files (or shipped names) to check.")]
    public IEnumerable<string> Files { get; set; } = [];
}

[Verb("list", HelpText = "List the shipped scenarios and the variant presets.")]
public sealed class ListOptions;
