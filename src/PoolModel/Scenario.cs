using StallSim.Engine;
using StallSim.PoolModel.Go;
using StallSim.PoolModel.Observe;
using StallSim.PoolModel.Pool;
using StallSim.PoolModel.Waitlist;
using StallSim.PoolModel.Workload;

namespace StallSim.PoolModel;

/// <summary>
/// Every parameter of a run, with its unit and default, in one place. Durations are nanoseconds, rates are
/// per second. The defaults describe a healthy stream pool; a scenario file overrides what it needs and says
/// why. Which values are valid, and what each key means, is written once, in the scenario key table of the
/// command line (docs/scenarios.md is generated from it); a scenario built by hand is the builder's to keep
/// valid.
/// </summary>
public sealed record Scenario
{
    public string Name { get; init; } = "scenario";
    public string Description { get; init; } = "";
    public long Horizon { get; init; } = 300 * Units.Second;
    public long SampleEvery { get; init; } = 100 * Units.Millisecond;
    public IReadOnlyList<ulong> Seeds { get; init; } = [1];
    public IReadOnlyList<string> Variants { get; init; } = ["buggy", "fixed"];

    /// <summary>Variants defined by switches, usable by name in <see cref="Variants"/>.</summary>
    public IReadOnlyList<WaitlistVariant> CustomVariants { get; init; } = [];
    public PoolSettings Pool { get; init; } = new();
    public WorkloadSettings Workload { get; init; } = new();

    /// <summary>The shipped profile's latencies and processors (<see cref="CostsProfile.Shipped"/>).</summary>
    public RuntimeSettings Runtime { get; init; } = CostsProfile.Shipped.Runtime(new RuntimeSettings());

    /// <summary>The shipped profile's costs (<see cref="CostsProfile.Shipped"/>).</summary>
    public CodeCosts Costs { get; init; } = CostsProfile.Shipped.Costs();

    /// <summary>Instants at which the census of goroutines by site is taken; empty (and no peak): at the horizon.</summary>
    public IReadOnlyList<long> CensusAt { get; init; } = [];

    /// <summary>Also take the census at the worst moment: the sample with the most goroutines blocked on wl.mu
    /// (what an operator's goroutine dump catches, like the seed's).</summary>
    public bool CensusAtPeak { get; init; }
    public VerdictSettings Verdict { get; init; } = new();

    /// <summary>Which costs profile the Go costs came from, and the machine it was measured on: a profile belongs
    /// to its machine, and every report says which it used. Empty for costs set by hand.</summary>
    public string CostsMeasuredOn { get; init; } = CostsProfile.Shipped.MeasuredOn;

    /// <summary>The CPU the costs profile was measured on (its <c>measured.cpu</c>).</summary>
    public string CostsCpu { get; init; } = CostsProfile.Shipped.Cpu;

    /// <summary>Live goroutines a run may hold: a request that arrives past it stops the run
    /// (<see cref="RunLimitExceeded"/>). The simulator's own memory budget, not the model's (a Go process has no such
    /// limit): a convoy on wl.mu can hold every request that arrives, which no estimate made before the run foresees.
    /// The command line sets it from its budget; none by default.</summary>
    public int GoroutineLimit { get; init; } = int.MaxValue;

    public WaitlistVariant ResolveVariant(string name) =>
        CustomVariants.FirstOrDefault(v => v.Name == name)
        ?? WaitlistVariant.Presets.FirstOrDefault(v => v.Name == name)
        ?? throw new ArgumentException($"unknown variant '{name}'");
}
