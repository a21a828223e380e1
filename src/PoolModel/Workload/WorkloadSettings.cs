using StallSim.Engine;

namespace StallSim.PoolModel.Workload;

public enum TriggerKind { None, LoadSpike, SlowDb }

/// <summary>A window of trouble: a load spike multiplies the arrival rate, a slow database the query time.</summary>
public sealed record Trigger
{
    public TriggerKind Kind { get; init; } = TriggerKind.None;
    public long Start { get; init; } = 60 * Units.Second;
    public long Duration { get; init; } = 20 * Units.Second;
    /// <summary>Multiplies the arrival rate (load-spike) or the service time (slow-db) inside the window.</summary>
    public double Factor { get; init; } = 10;

    public long End => Start + Duration;
}

/// <summary>How clients retry a failed request.</summary>
public sealed record RetrySettings
{
    /// <summary>Client retries after a failure (each a new request with a new deadline).</summary>
    public int Max { get; init; }
    public long Backoff { get; init; } = 100 * Units.Millisecond;
    /// <summary>Backoff is multiplied by a uniform factor in [1 − jitter, 1 + jitter].</summary>
    public double Jitter { get; init; } = 0.5;
}

/// <summary>What the clients send, and what the database does with it.</summary>
public sealed record WorkloadSettings
{
    /// <summary>Baseline arrival rate of new requests, per second (Poisson).</summary>
    public double Rate { get; init; } = 500;
    public Trigger Trigger { get; init; } = new();
    /// <summary>Request deadline (the waiter's ctx; the stream pool has no pool timeout).</summary>
    public DurationDistribution Deadline { get; init; } = new DurationDistribution.Constant(30 * Units.Second);
    /// <summary>Query time on a connection.</summary>
    public DurationDistribution Service { get; init; } = new DurationDistribution.LogNormal(120 * Units.Millisecond, 900 * Units.Millisecond);
    public RetrySettings Retries { get; init; } = new();
    /// <summary>The query is bounded by the request's deadline (a streaming query is cancelled with its ctx).</summary>
    public bool CutQueryAtDeadline { get; init; } = true;
    /// <summary>Restart the tablet at this instant: every goroutine ends, the pool starts empty. Null: never.</summary>
    public long? RestartAt { get; init; }
}
