using CommandLine;

namespace StallSim.Simulator.Cli;

[Verb(
    "run",
    isDefault: true,
    HelpText = "Run a scenario (default: the embedded seed-stall), all its variants and seeds, and write its report."
)]
public sealed class RunOptions : RunFlags
{
    [Value(0, MetaName = "FILE", HelpText = "Scenario file, the name of a shipped scenario (see 'list'), or - for standard input.")]
    public string? File { get; set; }

    [Option(
        "expect",
        HelpText = "Fail (exit 1) unless every seed of VARIANT reaches VERDICT, or one of several: --expect buggy=metastable, --expect "
            + "fixed=stable,recovered (repeatable)."
    )]
    public IEnumerable<string> Expectations { get; set; } = [];

    [Option("never", HelpText = "Fail (exit 1) if any seed of VARIANT reaches VERDICT: --never fixed=metastable (repeatable).")]
    public IEnumerable<string> Never { get; set; } = [];

    [Option(
        "margins",
        HelpText = "Also find how far each verdict is from flipping along the default axes (as stallsim margins does), into the same "
            + "report."
    )]
    public bool Margins { get; set; }

    [Option("timing", HelpText = "Fill summary.csv's wall_s column (off by default, so that outputs are byte-identical).")]
    public bool Timing { get; set; }

    /// <summary>A second scenario given by mistake: refused, not silently ignored.</summary>
    [Value(1, MetaName = "MORE", Hidden = true)]
    public IEnumerable<string> More { get; set; } = [];
}

[Verb(
    "margins",
    HelpText = "For each variant, the distance from the scenario's point to the nearest change between stalled and not stalled, along "
        + "load, each trigger's duration, the walk's cost and any --axis."
)]
public sealed class MarginsOptions : RunFlags
{
    [Value(0, MetaName = "SCENARIO", HelpText = "Scenario file, or the name of a shipped scenario (default: seed-stall).")]
    public string? File { get; set; }

    [Option(
        "axis",
        HelpText = "Also search this numeric key, with units: --axis pool.capacity=200..800, --axis workload.rate=1000/s..3000/s "
            + "(repeatable)."
    )]
    public IEnumerable<string> Axes { get; set; } = [];

    [Option(
        "resolution",
        HelpText = "Bisect this axis to this resolution: --resolution load=1%, --resolution episode=0.25, --resolution walk=1ns "
            + "(defaults: load 2%, durations 0.5 s, costs 2 ns; an --axis: its range / 64)."
    )]
    public IEnumerable<string> Resolutions { get; set; } = [];
}

[Verb("validate", HelpText = "Check scenario or sweep files without running them.")]
public sealed class ValidateOptions
{
    [Value(0, MetaName = "FILE", Min = 1, Required = true, HelpText = "Files (or shipped names, or - for standard input) to check.")]
    public IEnumerable<string> Files { get; set; } = [];

    [Option("set", HelpText = "Override a scenario key before checking: --set workload.rate=900/s (repeatable; scenario files only).")]
    public IEnumerable<string> Sets { get; set; } = [];
}

[Verb("list", HelpText = "List the shipped scenarios and the variant presets.")]
public sealed class ListOptions;

[Verb(
    "keys",
    HelpText = "Print every scenario key with its value form, default and meaning (Markdown), or refresh the table in a document."
)]
public sealed class KeysOptions
{
    [Option("refresh", HelpText = "Rewrite the generated key table inside this Markdown file (docs/scenarios.md) instead of printing it.")]
    public string? Refresh { get; set; }
}

[Verb("sweep", HelpText = "Run a sweep: a base scenario over axes of values, every variant and seed at every point.")]
public sealed class SweepOptions : OutputFlags
{
    [Value(0, MetaName = "FILE", Required = true, HelpText = "Sweep file, or the name of a shipped sweep (see 'list').")]
    public string File { get; set; } = "";

    [Option(
        "shard",
        HelpText = "Run only slice k of n (k/n), for a CI matrix; join the slices with 'merge'. 'auto' reads k and n from "
            + "STALLSIM_SHARD, a Kubernetes Indexed Job or a Slurm job array."
    )]
    public string? Shard { get; set; }

    [Option(
        "refine",
        HelpText = "Locate the boundary between verdicts: run the two range axes' grid, then K times split only the cells whose corners "
            + "disagree (1 to 6)."
    )]
    public int? Refine { get; set; }

    [Option("never", HelpText = "Fail (exit 1) if any run of VARIANT reaches VERDICT: --never fixed=metastable (repeatable).")]
    public IEnumerable<string> Never { get; set; } = [];

    [Option("somewhere", HelpText = "Fail (exit 1) unless some run of VARIANT reaches VERDICT: --somewhere buggy=metastable (repeatable).")]
    public IEnumerable<string> Somewhere { get; set; } = [];

    [Option("set", HelpText = "Override a key of the base at every point: --set pool.capacity=300 (repeatable).")]
    public IEnumerable<string> Sets { get; set; } = [];

    [Option("seed", HelpText = "Run these seeds at every point (repeatable; overrides the sweep's).")]
    public IEnumerable<string> Seeds { get; set; } = [];

    [Option("seeds", HelpText = "Run seeds 1..N at every point (overrides the sweep's).")]
    public int? SeedCount { get; set; }
}

[Verb("merge", HelpText = "Join the outputs of a sweep's shards into one, refusing overlaps, gaps or different sweeps.")]
public sealed class MergeOptions
{
    [Value(0, MetaName = "DIR", Min = 1, Required = true, HelpText = "Shard output directories.")]
    public IEnumerable<string> Dirs { get; set; } = [];

    [Option("out", Required = true, HelpText = "Directory for the merged points.csv, plots and report.")]
    public string Out { get; set; } = "";

    [Option(
        "never",
        HelpText = "Fail (exit 1) if any run of VARIANT in the merged sweep reaches VERDICT: --never fixed=metastable (repeatable)."
    )]
    public IEnumerable<string> Never { get; set; } = [];

    [Option(
        "somewhere",
        HelpText = "Fail (exit 1) unless some run of VARIANT in the merged sweep reaches VERDICT: --somewhere buggy=metastable "
            + "(repeatable)."
    )]
    public IEnumerable<string> Somewhere { get; set; } = [];

    [Option("quiet", HelpText = "Print nothing but errors.")]
    public bool Quiet { get; set; }
}

[Verb("twin", HelpText = "Run a scenario on the Go twin (real goroutines, in wall-clock time) and on the simulator, and compare them.")]
public sealed class TwinOptions
{
    [Value(0, MetaName = "FILE", Required = true, HelpText = "Scenario file, or the name of a shipped scenario.")]
    public string File { get; set; } = "";

    [Option("seed", HelpText = "Seeds to run (repeatable; default: the scenario's first three seeds, padded to three).")]
    public IEnumerable<string> Seeds { get; set; } = [];

    [Option("variant", HelpText = "Variants to run (repeatable; default: the scenario's).")]
    public IEnumerable<string> Variants { get; set; } = [];

    [Option("set", HelpText = "Override a scenario key: --set workload.rate=900/s (repeatable).")]
    public IEnumerable<string> Sets { get; set; } = [];

    [Option("out", HelpText = "Output directory (default: results/<name>/twin).")]
    public string? Out { get; set; }

    [Option(
        "cold-walk",
        HelpText = "Walk a cold list in both engines: the twin lays each list node on a page of its own, the simulator charges the "
            + "profile's cold walk (go.costs.scan_per_element: cold)."
    )]
    public bool ColdWalk { get; set; }

    [Option(
        "twin-walk",
        HelpText = "Charge the simulator the walk the twin paid in these very runs (its walk probe, by list length), in place of "
            + "the profile's: the walk's cost moves from hour to hour on one machine, and a convoy's growth hangs on it."
    )]
    public bool TwinWalk { get; set; }

    [Option(
        "reuse-twin",
        HelpText = "Compare against the twin's runs kept in this earlier output directory (its runs/) instead of running the twin again."
    )]
    public string? ReuseTwin { get; set; }

    [Option("strict", HelpText = "Fail (exit 1) when a compared figure is outside its criterion or a verdict differs.")]
    public bool Strict { get; set; }

    [Option("force", HelpText = "Compare even with a costs profile measured on another CPU than the twin runs on (default: refuse).")]
    public bool Force { get; set; }

    [Option("quiet", HelpText = "Print nothing but errors.")]
    public bool Quiet { get; set; }
}

[Verb("dump", HelpText = "Count the goroutines of a Go goroutine dump (runtime.Stack, /debug/pprof/goroutine?debug=2) by blocking site.")]
public sealed class DumpOptions
{
    [Value(0, MetaName = "FILE", Min = 1, Required = true, HelpText = "Goroutine dump files (- reads standard input, plain text).")]
    public IEnumerable<string> Files { get; set; } = [];

    [Option(
        "line-map",
        HelpText = "The waitlist.go line map: release-23.0 (the seed's), or twin (default: twin for a dump of the twin, else release-23.0)."
    )]
    public string? LineMap { get; set; }

    [Option("csv", HelpText = "Print census.csv rows (variant = the file's name) instead of a table.")]
    public bool Csv { get; set; }

    [Option(
        "against",
        HelpText = "A run's output directory (its census.csv): the dump's census beside the run's worst instant of each variant, per "
            + "site, with both shares; writes census.csv (with a source column) and census.png."
    )]
    public string? Against { get; set; }

    [Option("out", HelpText = "With --against: where to write (default: results/DUMP-against-RUN).")]
    public string? Out { get; set; }
}

[Verb(
    "calibrate",
    HelpText = "Measure the Go costs the model charges on this machine (the twin's micro-benchmarks, about six minutes) and write a costs "
        + "profile, or combine several into one (--combine)."
)]
public sealed class CalibrateOptions
{
    [Option(
        "out",
        HelpText = "Where to write the profile (default: calibrated.yaml in the current directory). A scenario names it with go.costs: "
            + "PATH."
    )]
    public string Out { get; set; } = "calibrated.yaml";

    [Option(
        "combine",
        Separator = ',',
        HelpText = "Measure nothing: write one profile from these profiles of this machine (comma-separated), each cost the median "
            + "of theirs and its spread the range of all they measured. One calibration is a moment; several bound a cost."
    )]
    public IEnumerable<string> Combine { get; set; } = [];

    [Option("quiet", HelpText = "Print nothing but errors.")]
    public bool Quiet { get; set; }
}

[Verb(
    "compare",
    HelpText = "Run a sweep's grid for each of its variants and rank them: share of the grid stable, recovered or stalled, recovery "
        + "times, goodput and latency during and after the trigger."
)]
public sealed class CompareOptions : OutputFlags
{
    [Value(0, MetaName = "FILE", Required = true, HelpText = "Sweep file, or the name of a shipped sweep (see 'list').")]
    public string File { get; set; } = "";

    [Option(
        "seed",
        HelpText = "Run these seeds (repeatable; overrides the sweep's), e.g. to check that the ranking holds for another seed set."
    )]
    public IEnumerable<string> Seeds { get; set; } = [];

    [Option("refine", HelpText = "Refine the grid K times around the verdict boundaries, as sweep --refine does.")]
    public int? Refine { get; set; }

    [Option("set", HelpText = "Override a key of the base at every point: --set pool.capacity=300 (repeatable).")]
    public IEnumerable<string> Sets { get; set; } = [];

    [Option("seeds", HelpText = "Run seeds 1..N at every point (overrides the sweep's).")]
    public int? SeedCount { get; set; }
}
