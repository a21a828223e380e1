using StallSim.PoolModel.Go;

namespace StallSim.PoolModel.Waitlist;

/// <summary>
/// Where a goroutine can be blocked in the waitlist's code. The seed's five sites keep the seed's names
/// verbatim: <c>waitlist.go:</c> and release-23.0's line (<see cref="WaitlistGo"/>,
/// docs/model.md#where-the-goroutines-were).
/// </summary>
public static class BlockingSites
{
    // The seed's five sites.
    public static readonly Site JoinLock = new(
        $"waitlist.go:{WaitlistGo.Join}",
        "new request joining the waitlist: wl.mu.Lock()",
        inMutexLock: true
    );
    public static readonly Site ParkedInSelect = new($"waitlist.go:{WaitlistGo.Select}", "waiter parked in select (conn, ctx.Done, close)");
    public static readonly Site SelfRemovalLock = new(
        $"waitlist.go:{WaitlistGo.SelfRemoval}",
        "timed-out waiter removing itself: wl.mu.Lock()",
        inMutexLock: true
    );
    public static readonly Site ReturnerLock = new(
        $"waitlist.go:{WaitlistGo.Return}",
        "connection returner (tryReturnConnSlow): wl.mu.Lock()",
        inMutexLock: true
    );
    public static readonly Site HandoffSend = new(
        $"waitlist.go:{WaitlistGo.Handoff}",
        "returner blocked in the handoff send: target.conn <- conn"
    );

    // Other code points of the same functions.
    public static readonly Site FallbackReceive = new(
        $"waitlist.go:{WaitlistGo.Fallback}",
        "removed waiter in its fallback receive: <-w.conn"
    );
    public static readonly Site WorkerLock = new(
        $"waitlist.go:{WaitlistGo.Worker}",
        "the pool's worker (maybeStarvingCount, every pool.worker_interval): wl.mu.Lock()",
        inMutexLock: true
    );
    public static readonly Site HoldingWaitlistMutex = new("holding wl.mu", "running a critical section of the waitlist");

    // The close case of the select: a pool is never closed during a run, so only a
    // goroutine dump of a closing pool shows them.
    public static readonly Site CloseLock = new(
        $"waitlist.go:{WaitlistGo.CloseRemoval}",
        "waiter of a closing pool removing itself: wl.mu.Lock()",
        inMutexLock: true
    );
    public static readonly Site CloseFallbackReceive = new(
        $"waitlist.go:{WaitlistGo.CloseFallback}",
        "removed waiter of a closing pool in its fallback receive"
    );

    /// <summary>The sites that stand at a line of waitlist.go, by that line: how a goroutine dump's frame is read.</summary>
    public static IReadOnlyDictionary<int, Site> ByLine { get; } =
        new Dictionary<int, Site>
        {
            [WaitlistGo.Join] = JoinLock,
            [WaitlistGo.Select] = ParkedInSelect,
            [WaitlistGo.CloseRemoval] = CloseLock,
            [WaitlistGo.CloseFallback] = CloseFallbackReceive,
            [WaitlistGo.SelfRemoval] = SelfRemovalLock,
            [WaitlistGo.Fallback] = FallbackReceive,
            [WaitlistGo.Worker] = WorkerLock,
            [WaitlistGo.Return] = ReturnerLock,
            [WaitlistGo.Handoff] = HandoffSend,
        };

    /// <summary>A site's line as a dump table abbreviates it, <c>:55</c>.</summary>
    public static string Line(Site site) => ":" + ByLine.Single(x => x.Value == site).Key;
}
