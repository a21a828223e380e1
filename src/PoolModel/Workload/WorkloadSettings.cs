using StallSim.Engine;

namespace StallSim.PoolModel.Workload;

public enum TriggerKind
{
    SlowDb,
    LoadSpike,
    Restart,
}

/// <summary>A window of trouble, or an operator's action: a load spike multiplies the arrival rate, a slow
/// database the query time, and a restart (an instant: <see cref="Duration"/> 0) replaces the tablet.</summary>
public sealed record Trigger
{
    public TriggerKind Kind { get; init; } = TriggerKind.SlowDb;
    public long Start { get; init; } = 60 * Units.Second;
    public long Duration { get; init; } = 20 * Units.Second;

    /// <summary>Multiplies the arrival rate (load-spike) or the service time (slow-db) inside the window.</summary>
    public double Factor { get; init; } = 10;

    public long End => Start + Duration;

    /// <summary>A slow database or a load spike: trouble the verdict judges the pool's recovery from.</summary>
    public bool IsTrouble => Kind != TriggerKind.Restart;
}

/// <summary>One step of a staged load, as a load tester writes it: this rate for this long, then the next.
/// With <see cref="RampToNext"/> the rate moves linearly from this stage's to the next stage's over the step. A stage
/// may give its requests their own deadline (a timeout storm: 2 ms deadlines at 3x) and its queries their own time;
/// null keeps the workload's.</summary>
public sealed record Stage(
    long For,
    double Rate,
    bool RampToNext,
    DurationDistribution? Deadline = null,
    DurationDistribution? Service = null
);

/// <summary>The client's backoff before retry n (n = 1, 2, ...): min(max, initial × multiplier^(n−1)), multiplied
/// by a uniform factor in [1 − jitter, 1 + jitter].</summary>
public sealed record Backoff
{
    public long Initial { get; init; } = 100 * Units.Millisecond;

    /// <summary>The longest backoff; 0: no limit.</summary>
    public long Max { get; init; }
    public double Multiplier { get; init; } = 1;
    public double Jitter { get; init; } = 0.5;

    /// <summary>The backoff before retry <paramref name="retry"/>, before jitter.</summary>
    public double Before(int retry)
    {
        var b = Initial * Math.Pow(Multiplier, retry - 1);
        return Max > 0 ? Math.Min(Max, b) : b;
    }
}

/// <summary>Why a client retries a request: at its deadline (or when the tablet reports it passed), when the
/// pool gave up on it first (ResourceExhausted), or when the tablet went away (a restart).</summary>
[Flags]
public enum RetryOn
{
    None = 0,
    Deadline = 1,
    PoolTimeout = 2,
    Error = 4,
}

/// <summary>A retry budget, as gRPC's retry throttling and Finagle's RetryBudget: over the last
/// <see cref="Window"/>, retries are sent while they number fewer than <see cref="Ratio"/> of the new requests
/// plus <see cref="MinPerS"/> per second of the window.</summary>
public sealed record RetryBudget(double Ratio, double MinPerS)
{
    /// <summary>Finagle's default time to live of a deposit.</summary>
    public static readonly long Window = 10 * Units.Second;
}

/// <summary>How clients retry a failed request.</summary>
public sealed record RetrySettings
{
    /// <summary>Client retries after a failure (each a new request with a new deadline).</summary>
    public int Max { get; init; }
    public RetryOn On { get; init; } = RetryOn.Deadline | RetryOn.PoolTimeout;
    public Backoff Backoff { get; init; } = new();

    /// <summary>Null: every retry is sent.</summary>
    public RetryBudget? Budget { get; init; }
}

/// <summary>What the clients send, and what the database does with it.</summary>
public sealed record WorkloadSettings
{
    /// <summary>The baseline arrival rate of new requests, per second (Poisson): the "1.0x" of stages and
    /// replayed curves, and the rate outside them.</summary>
    public double Rate { get; init; } = 500;

    /// <summary>A staged load from t = 0; the baseline rate follows the last stage.</summary>
    public IReadOnlyList<Stage> Stages { get; init; } = [];

    /// <summary>A replayed arrival curve: (from this instant, this rate), piecewise constant from t = 0.</summary>
    public IReadOnlyList<(long At, double Rate)> Replay { get; init; } = [];

    /// <summary>Where <see cref="Replay"/> came from, for the report.</summary>
    public string? ReplaySource { get; init; }
    public IReadOnlyList<Trigger> Triggers { get; init; } = [];

    /// <summary>Request deadline (the waiter's ctx when the pool has no timeout).</summary>
    public DurationDistribution Deadline { get; init; } = new DurationDistribution.Constant(30 * Units.Second);

    /// <summary>Query time on a connection.</summary>
    public DurationDistribution Service { get; init; } =
        new DurationDistribution.LogNormal(120 * Units.Millisecond, 900 * Units.Millisecond);
    public RetrySettings Retries { get; init; } = new();

    /// <summary>The query is bounded by the request's deadline (a streaming query is cancelled with its ctx).</summary>
    public bool CutQueryAtDeadline { get; init; } = true;
}
