using StallSim.PoolModel.Go;

namespace StallSim.PoolModel.Waitlist;

/// <summary>
/// Where a goroutine can be blocked in the waitlist's code. The seed's five sites keep the seed's names
/// verbatim (waitlist.go:55, :60, :89, :149, :179; release-23.0 line numbers,
/// docs/model.md#where-the-goroutines-were).
/// </summary>
public static class BlockingSites
{
    // The seed's five sites.
    public static readonly Site JoinLock = new("waitlist.go:55", "new request joining the waitlist: wl.mu.Lock()", inMutexLock: true);
    public static readonly Site ParkedInSelect = new("waitlist.go:60", "waiter parked in select (conn, ctx.Done, close)");
    public static readonly Site SelfRemovalLock = new(
        "waitlist.go:89",
        "timed-out waiter removing itself: wl.mu.Lock()",
        inMutexLock: true
    );
    public static readonly Site ReturnerLock = new(
        "waitlist.go:149",
        "connection returner (tryReturnConnSlow): wl.mu.Lock()",
        inMutexLock: true
    );
    public static readonly Site HandoffSend = new("waitlist.go:179", "returner blocked in the handoff send: target.conn <- conn");

    // Other code points of the same functions.
    public static readonly Site FallbackReceive = new("waitlist.go:106", "removed waiter in its fallback receive: <-w.conn");
    public static readonly Site WorkerLock = new(
        "waitlist.go:118",
        "the pool's worker (maybeStarvingCount, every pool.worker_interval): wl.mu.Lock()",
        inMutexLock: true
    );
    public static readonly Site HoldingWaitlistMutex = new("holding wl.mu", "running a critical section of the waitlist");

    // The close case of the select (release-23.0 :65 and :82): a pool is never closed during a run, so only a
    // goroutine dump of a closing pool shows them.
    public static readonly Site CloseLock = new(
        "waitlist.go:65",
        "waiter of a closing pool removing itself: wl.mu.Lock()",
        inMutexLock: true
    );
    public static readonly Site CloseFallbackReceive = new("waitlist.go:82", "removed waiter of a closing pool in its fallback receive");
}
