using StallSim.Engine;
using StallSim.PoolModel.Waitlist;
using StallSim.PoolModel.Workload;

namespace StallSim.PoolModel;

/// <summary>
/// Every parameter of a run, with its unit and default, in one place (DESIGN.md 6). Durations are
/// nanoseconds, rates are per second. The defaults describe a healthy stream pool (MODEL.md 7.3) with the
/// Go runtime and list costs of MODEL.md 9; a scenario file overrides what it needs and says why.
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
    public GoSettings Go { get; init; } = new();
    /// <summary>Instants at which the census of goroutines by site is taken; empty (and no peak): at the horizon.</summary>
    public IReadOnlyList<long> CensusAt { get; init; } = [];
    /// <summary>Also take the census at the worst moment: the sample with the most goroutines blocked on wl.mu
    /// (what an operator's goroutine dump catches, like the seed's).</summary>
    public bool CensusAtPeak { get; init; }
    public VerdictSettings Verdict { get; init; } = new();

    public WaitlistVariant ResolveVariant(string name) =>
        CustomVariants.FirstOrDefault(v => v.Name == name)
        ?? WaitlistVariant.Presets.FirstOrDefault(v => v.Name == name)
        ?? throw new ArgumentException($"unknown variant '{name}'");

    /// <summary>Everything wrong with the scenario, as (key path, what was expected).</summary>
    public IEnumerable<(string Key, string Problem)> Problems()
    {
        if (string.IsNullOrWhiteSpace(Name)) yield return ("name", "a non-empty name");
        if (Horizon <= 0) yield return ("horizon", "a positive duration");
        if (SampleEvery <= 0 || SampleEvery > Horizon) yield return ("sample_every", "a positive duration no longer than the horizon");
        else if (Horizon / SampleEvery > 10_000_000) yield return ("sample_every", "at most 10,000,000 samples per run");
        if (Seeds.Count == 0) yield return ("seeds", "at least one seed");
        if (Seeds.Distinct().Count() != Seeds.Count) yield return ("seeds", "distinct seeds");
        if (Variants.Count == 0) yield return ("variants", "at least one variant");
        foreach (var v in Variants)
            if (CustomVariants.All(c => c.Name != v) && WaitlistVariant.Presets.All(p => p.Name != v))
                yield return ("variants", $"a preset ({string.Join(", ", WaitlistVariant.Presets.Select(p => p.Name))}) or a variant defined under custom_variants, not '{v}'");
        if (Variants.Distinct().Count() != Variants.Count) yield return ("variants", "distinct variant names");
        foreach (var c in CustomVariants)
            if (c.Problem() is { } p) yield return ($"custom_variants.{c.Name}", p);
        foreach (var t in CensusAt)
            if (t < 0 || t > Horizon) yield return ("census_at", "instants between 0 and the horizon");
        foreach (var p in Pool.Problems()) yield return ("pool." + p.Key, p.Problem);
        foreach (var p in Workload.Problems(Horizon)) yield return ("workload." + p.Key, p.Problem);
        foreach (var p in Go.Problems()) yield return ("go." + p.Key, p.Problem);
        foreach (var p in Verdict.Problems()) yield return ("verdict." + p.Key, p.Problem);
    }
}

public sealed record PoolSettings
{
    /// <summary>Stream pool size; vttablet's default is 200 (MODEL.md 7.3).</summary>
    public int Capacity { get; init; } = 200;
    /// <summary>Time to dial a MySQL connection (getNew dials synchronously).</summary>
    public long Dial { get; init; } = 2 * Units.Millisecond;

    internal IEnumerable<(string Key, string Problem)> Problems()
    {
        if (Capacity is < 1 or > 1_000_000) yield return ("capacity", "a whole number from 1 to 1,000,000");
        if (Dial < 0) yield return ("dial", "a non-negative duration");
    }
}

public enum TriggerKind { None, LoadSpike, SlowDb }

public sealed record Trigger
{
    public TriggerKind Kind { get; init; } = TriggerKind.None;
    public long Start { get; init; } = 60 * Units.Second;
    public long Duration { get; init; } = 20 * Units.Second;
    /// <summary>Multiplies the arrival rate (load-spike) or the service time (slow-db) inside the window.</summary>
    public double Factor { get; init; } = 10;

    public long End => Start + Duration;
}

public sealed record RetrySettings
{
    /// <summary>Client retries after a failure (each a new request with a new deadline).</summary>
    public int Max { get; init; }
    public long Backoff { get; init; } = 100 * Units.Millisecond;
    /// <summary>Backoff is multiplied by a uniform factor in [1 − jitter, 1 + jitter].</summary>
    public double Jitter { get; init; } = 0.5;
}

public sealed record WorkloadSettings
{
    /// <summary>Baseline arrival rate of new requests, per second (Poisson).</summary>
    public double Rate { get; init; } = 500;
    public Trigger Trigger { get; init; } = new();
    /// <summary>Request deadline (the waiter's ctx; the stream pool has no pool timeout, MODEL.md 2).</summary>
    public DurationDistribution Deadline { get; init; } = new DurationDistribution.Constant(30 * Units.Second);
    /// <summary>Query time on a connection.</summary>
    public DurationDistribution Service { get; init; } = new DurationDistribution.LogNormal(120 * Units.Millisecond, 900 * Units.Millisecond);
    public RetrySettings Retries { get; init; } = new();
    /// <summary>The query is bounded by the request's deadline (a streaming query is cancelled with its ctx).</summary>
    public bool CutQueryAtDeadline { get; init; } = true;
    /// <summary>Restart the tablet at this instant: every goroutine ends, the pool starts empty. Null: never.</summary>
    public long? RestartAt { get; init; }

    internal IEnumerable<(string Key, string Problem)> Problems(long horizon)
    {
        if (!(Rate > 0) || !double.IsFinite(Rate)) yield return ("rate", "a positive rate, e.g. 700/s");
        if (Trigger.Kind != TriggerKind.None)
        {
            if (Trigger.Start < 0 || Trigger.Start >= horizon) yield return ("trigger.start", "an instant inside the horizon");
            if (Trigger.Duration <= 0) yield return ("trigger.duration", "a positive duration");
            if (!(Trigger.Factor > 0) || !double.IsFinite(Trigger.Factor)) yield return ("trigger.factor", "a positive number");
            if (Trigger.Duration > 0 && Trigger.End >= horizon) yield return ("trigger.duration", "a trigger that ends before the horizon (the verdict judges what happens after it)");
        }
        foreach (var p in DistributionProblems(Deadline)) yield return ("deadline" + p.Key, p.Problem);
        foreach (var p in DistributionProblems(Service)) yield return ("service" + p.Key, p.Problem);
        if (Retries.Max is < 0 or > 100) yield return ("retries.max", "a whole number from 0 to 100");
        if (Retries.Backoff < 0) yield return ("retries.backoff", "a non-negative duration");
        if (Retries.Jitter is < 0 or > 1) yield return ("retries.jitter", "a fraction from 0 to 1");
        if (RestartAt is { } r && (r <= 0 || r >= horizon)) yield return ("restart_at", "an instant inside the horizon");
    }

    private static IEnumerable<(string Key, string Problem)> DistributionProblems(DurationDistribution d)
    {
        switch (d)
        {
            case DurationDistribution.Constant c when c.Value <= 0:
                yield return ("", "a positive duration");
                break;
            case DurationDistribution.Exponential e when e.MeanNanos <= 0:
                yield return (".mean", "a positive duration");
                break;
            case DurationDistribution.LogNormal l when l.Median <= 0 || l.P99 <= l.Median:
                yield return (".p99", "a positive median and a p99 above it");
                break;
            case DurationDistribution.Uniform u when u.Min < 0 || u.Max <= u.Min:
                yield return (".max", "0 <= min < max");
                break;
            case DurationDistribution.Mix m:
                if (m.Components.Count == 0 || m.Components.Any(c => !(c.Weight > 0))) yield return (".mix", "components with positive weights");
                for (var i = 0; i < m.Components.Count; i++)
                    foreach (var p in DistributionProblems(m.Components[i].Component))
                        yield return ($".mix[{i}]{p.Key}", p.Problem);
                break;
        }
    }
}

/// <summary>Costs of the Go runtime and of the waitlist's critical sections (MODEL.md 8, 9). They are
/// inputs taken from the magnitudes MODEL.md gives, never fitted to an outcome.</summary>
public sealed record GoSettings
{
    /// <summary>sync.Mutex starvationThresholdNs (MODEL.md 8.1).</summary>
    public long StarvationThreshold { get; init; } = Units.Millisecond;
    /// <summary>From Unlock to the next owner (or woken waiter) running.</summary>
    public long MutexHandoff { get; init; } = 2 * Units.Microsecond;
    /// <summary>From a channel send (or timer) to the readied goroutine running.</summary>
    public long Wake { get; init; } = Units.Microsecond;
    /// <summary>Push or unlink of one list element, including the lock's own cost.</summary>
    public long ListPush { get; init; } = 60;
    /// <summary>Visiting one list element in a scan (cold, randomly linked elements: MODEL.md 9.3).</summary>
    public long ScanPerElement { get; init; } = 150;
    /// <summary>ctx.Err() on one waiter (fix only).</summary>
    public long CtxCheck { get; init; } = 20;
    /// <summary>A non-blocking channel send that readies a parked goroutine (eviction signal).</summary>
    public long ChanSend { get; init; } = 100;
    /// <summary>Time for a request handed a connection after its deadline to fail and recycle it.</summary>
    public long DeadRequest { get; init; } = 10 * Units.Microsecond;
    /// <summary>Period of the pool's worker (maybeStarvingCount), MODEL.md 4.3.</summary>
    public long WorkerInterval { get; init; } = 100 * Units.Millisecond;

    internal IEnumerable<(string Key, string Problem)> Problems()
    {
        if (StarvationThreshold <= 0) yield return ("mutex.starvation_threshold", "a positive duration");
        if (MutexHandoff < 0) yield return ("mutex.handoff", "a non-negative duration");
        if (Wake < 0) yield return ("wake", "a non-negative duration");
        if (ListPush < 0) yield return ("costs.list_push", "a non-negative duration");
        if (ScanPerElement < 0) yield return ("costs.scan_per_element", "a non-negative duration");
        if (CtxCheck < 0) yield return ("costs.ctx_check", "a non-negative duration");
        if (ChanSend < 0) yield return ("costs.chan_send", "a non-negative duration");
        if (DeadRequest < 0) yield return ("costs.dead_request", "a non-negative duration");
        if (WorkerInterval <= 0) yield return ("worker_interval", "a positive duration");
    }
}

/// <summary>How a run's goodput series becomes a verdict (DESIGN.md 5.4).</summary>
public sealed record VerdictSettings
{
    /// <summary>Goodput counts as healthy at or above this fraction of the pre-trigger baseline.</summary>
    public double Threshold { get; init; } = 0.9;
    /// <summary>Goodput is judged on its mean over sliding windows of this length: it "fell" when a window's
    /// mean went below the threshold, and "recovered" at the start of the first window after the trigger
    /// whose mean held at or above it. (A single 100 ms sample is too noisy to judge.)</summary>
    public long Hold { get; init; } = 5 * Units.Second;
    /// <summary>The last stretch of the run whose mean is the final goodput.</summary>
    public long FinalWindow { get; init; } = 60 * Units.Second;

    internal IEnumerable<(string Key, string Problem)> Problems()
    {
        if (Threshold is <= 0 or > 1) yield return ("threshold", "a fraction in (0, 1]");
        if (Hold <= 0) yield return ("hold", "a positive duration");
        if (FinalWindow <= 0) yield return ("final_window", "a positive duration");
    }
}
