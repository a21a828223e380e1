using StallSim.PoolModel.Go;
using StallSim.PoolModel.Pool;
using static StallSim.PoolModel.Waitlist.BlockingSites;

namespace StallSim.PoolModel.Server;

/// <summary>Where a request's goroutine can be outside the pool, and the order in which a census lists every
/// site of the tablet: the seed's five first.</summary>
public static class TabletSites
{
    public static readonly Site Listening = new("listening", "the listener (gRPC's reader, the twin's driver) waiting for requests");
    public static readonly Site Serving = new(
        "serving",
        "the request's own work in StreamExecute: its context, the pool's calls, the response"
    );
    public static readonly Site MySqlIo = new("mysql I/O", "streaming a query on a pooled connection");
    public static readonly Site FailingOnDeadContext = new(
        "failing on dead ctx",
        "request given a connection after its deadline, failing and recycling"
    );

    public static readonly IReadOnlyList<Site> CensusOrder =
    [
        JoinLock,
        ParkedInSelect,
        SelfRemovalLock,
        ReturnerLock,
        HandoffSend,
        FallbackReceive,
        WorkerLock,
        HoldingWaitlistMutex,
        Site.Runnable,
        Listening,
        Serving,
        PoolSites.Dialing,
        MySqlIo,
        FailingOnDeadContext,
        PoolSites.WorkerSleep,
    ];

    /// <summary>The sites where a goroutine is blocked on wl.mu (what the seed calls "blocked on wl.mu").</summary>
    public static readonly IReadOnlyList<Site> OnWaitlistMutex = [.. CensusOrder.Where(s => s.InMutexLock)];
}
