using StallSim.Engine;

namespace StallSim.PoolModel.Observe;

/// <summary>How a run's goodput series becomes a verdict (docs/model.md#verdicts).</summary>
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

    /// <summary>A request served later than this after it arrived is not goodput (<see cref="Outcome.Late"/>);
    /// 0: no objective, the request's own deadline decides. Under long deadlines late service otherwise reads as
    /// recovery.</summary>
    public long LatencySlo { get; init; }

    /// <summary>After the trouble, latency has recovered when every sample's p99 over a window stays within this
    /// factor of the baseline's.</summary>
    public const double LatencyRecoveryFactor = 2;
}
