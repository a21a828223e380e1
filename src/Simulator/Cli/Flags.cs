using CommandLine;

namespace StallSim.Simulator.Cli;

/// <summary>Flags of every verb that runs simulations (run, sweep).</summary>
public abstract class OutputFlags
{
    [Option("out", HelpText = "Output directory (default: results/<name>). A sweep does not run again the points already there.")]
    public string? Out { get; set; }

    [Option("jobs", HelpText = "Runs in parallel (default: the number of cores). Each run is single-threaded.")]
    public int? Jobs { get; set; }

    [Option("quiet", HelpText = "Print nothing but errors and failed expectations.")]
    public bool Quiet { get; set; }

    [Option(
        "max-events",
        HelpText = "Refuse to start work estimated above this many simulated events (default 2,000,000,000, about 15 minutes on one core)."
    )]
    public long? MaxEvents { get; set; }

    [Option(
        "max-goroutines",
        HelpText = "Stop a run when a request arrives to find this many goroutines alive (default 2,863,311: 4 GB at 1,500 bytes "
            + "each); a convoy on wl.mu can hold every request that arrives, which no estimate before the run foresees."
    )]
    public int? MaxGoroutines { get; set; }

    [Option(
        "force",
        HelpText = "Run even if the work is estimated above --max-events, the live goroutines above 5,000,000 or the memory above "
            + "4 GB, and let a run hold any number of goroutines."
    )]
    public bool Force { get; set; }
}

/// <summary>Flags shared by the verbs that run one scenario.</summary>
public abstract class RunFlags : OutputFlags
{
    [Option("seed", HelpText = "Run this seed only (overrides the scenario's seeds).")]
    public string? Seed { get; set; }

    [Option("seeds", HelpText = "Run seeds 1..N (overrides the scenario's seeds): replications, with their means and 95% intervals.")]
    public int? SeedCount { get; set; }

    [Option("variant", HelpText = "Run this variant (repeatable; overrides the scenario's variants): buggy, fixed, or a custom variant.")]
    public IEnumerable<string> Variants { get; set; } = [];

    [Option("set", HelpText = "Override a scenario key: --set workload.rate=900/s (repeatable).")]
    public IEnumerable<string> Sets { get; set; } = [];
}
