using HdrHistogram;

namespace StallSim.PoolModel.Observe;

/// <summary>How a request ended.</summary>
public enum Outcome
{
    /// <summary>Got a connection with a live deadline and finished its query in time: goodput.</summary>
    Served,
    /// <summary>Get failed (ErrTimeout / ErrCtxTimeout / waiter cap): what production sees as ResourceExhausted.</summary>
    PoolTimeout,
    /// <summary>Get handed it a connection after its deadline had passed: a wasted hand-off.</summary>
    DeadOnArrival,
    /// <summary>Got a live connection but the deadline passed during the query.</summary>
    QueryDeadline,
    /// <summary>Killed by a tablet restart.</summary>
    Killed,
}

/// <summary>Cumulative counts of a run, across restarts; the sampler turns them into per-interval rates.</summary>
public sealed class RunCounters
{
    private readonly long[] _outcomes = new long[5];

    public long NewArrivals { get; private set; }

    public long RetryArrivals { get; private set; }

    public long Arrived => NewArrivals + RetryArrivals;

    public long Finished { get; private set; }

    public long InFlight => Arrived - Finished;

    /// <summary>Evictions by waitlists that were replaced by a restart.</summary>
    public long EvictionsBeforeRestart { get; internal set; }

    /// <summary>Latency of served requests in microseconds, since the last sample.</summary>
    public LongHistogram Latency { get; } = new(1, 3_600_000_000L, 2);

    public long this[Outcome outcome] => _outcomes[(int)outcome];

    /// <summary>Requests that Get gave a connection to, live or not.</summary>
    public long Acquired { get; private set; }

    /// <summary>Sum over <see cref="Acquired"/> of the time from arrival to Get's return.</summary>
    public long AcquireWaitNanos { get; private set; }

    internal void Acquisition(long waitedNanos)
    {
        Acquired++;
        AcquireWaitNanos += waitedNanos;
    }

    internal void Arrival(bool retry)
    {
        if (retry) RetryArrivals++;
        else NewArrivals++;
    }

    internal void Finish(Outcome outcome, long latencyNanos)
    {
        _outcomes[(int)outcome]++;
        Finished++;
        if (outcome == Outcome.Served) Latency.RecordValue(Math.Max(1, latencyNanos / 1000));
    }
}
