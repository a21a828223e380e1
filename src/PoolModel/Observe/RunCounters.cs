using HdrHistogram;
using StallSim.PoolModel.Server;
using StallSim.PoolModel.Workload;

namespace StallSim.PoolModel.Observe;

/// <summary>Where in the run an event falls: before the first trouble, during it, or after its end.</summary>
public enum Phase
{
    Before,
    During,
    After,
}

/// <summary>Latency distributions of one phase, in microseconds (HdrHistogram, 2 significant digits).</summary>
public sealed class PhaseLatencies
{
    /// <summary>From a request's arrival to its Get returning a connection.</summary>
    public LongHistogram AcquireWait { get; } = new(1, 3_600_000_000L, 2);

    /// <summary>From a served request's arrival to its last row.</summary>
    public LongHistogram RequestLatency { get; } = new(1, 3_600_000_000L, 2);
}

/// <summary>Cumulative counts of a run, across restarts; the sampler turns them into per-interval values.</summary>
public sealed class RunCounters(LoadProfile load) : ITabletCounters, IClientCounters
{
    private readonly long[] _outcomes = new long[6];

    public long NewArrivals { get; private set; }

    public long RetryArrivals { get; private set; }

    public long Arrived => NewArrivals + RetryArrivals;

    public long Finished { get; private set; }

    public long InFlight => Arrived - Finished;

    /// <summary>Retries a client wanted to send but its retry budget refused.</summary>
    public long RetriesDenied { get; private set; }

    /// <summary>Queries that ran to their end (in time or, when queries are not cut at the deadline, late).</summary>
    public long QueriesCompleted { get; private set; }

    /// <summary>The cumulative pool counters of tablets replaced by a restart.</summary>
    public Server.PoolTotals BeforeRestart { get; internal set; }

    /// <summary>Latency of served requests in microseconds, since the last sample.</summary>
    public LongHistogram Latency { get; } = new(1, 3_600_000_000L, 2);

    /// <summary>Latencies per phase of the run (before, during and after the trouble).</summary>
    public PhaseLatencies[] Phases { get; } = [new(), new(), new()];

    public long this[Outcome outcome] => _outcomes[(int)outcome];

    /// <summary>The longest time any Get took to return, a connection or an error.</summary>
    public long LongestGet { get; private set; }

    public void GetReturned(long tookNanos) => LongestGet = Math.Max(LongestGet, tookNanos);

    /// <summary>Requests that Get gave a connection to, live or not.</summary>
    public long Acquired { get; private set; }

    /// <summary>Sum over <see cref="Acquired"/> of the time from arrival to Get's return.</summary>
    public long AcquireWaitNanos { get; private set; }

    public Phase PhaseAt(long t) =>
        load.Trouble is not { } trouble ? Phase.Before
        : t < trouble.Start ? Phase.Before
        : t < trouble.End ? Phase.During
        : Phase.After;

    public void Acquisition(long at, long waitedNanos)
    {
        Acquired++;
        AcquireWaitNanos += waitedNanos;
        Phases[(int)PhaseAt(at)].AcquireWait.RecordValue(Math.Max(1, waitedNanos / 1000));
    }

    public void Arrival(bool retry)
    {
        if (retry)
            RetryArrivals++;
        else
            NewArrivals++;
    }

    public void RetryDenied() => RetriesDenied++;

    public void QueryCompleted() => QueriesCompleted++;

    public void Finish(Request request, Outcome outcome, long now)
    {
        _outcomes[(int)outcome]++;
        Finished++;
        if (outcome is not (Outcome.Served or Outcome.Late))
            return;
        var latency = Math.Max(1, (now - request.ArrivedAt) / 1000);
        Latency.RecordValue(latency);
        Phases[(int)PhaseAt(now)].RequestLatency.RecordValue(latency);
    }
}
