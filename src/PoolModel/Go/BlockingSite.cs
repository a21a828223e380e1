namespace StallSim.PoolModel.Go;

/// <summary>
/// A named place where a goroutine can be found in a goroutine dump: a line of waitlist.go it is blocked
/// at, or what it is doing. The census counts live goroutines per site. The five sites of the seed's dump
/// use the seed's names verbatim (waitlist.go:55, :60, :89, :149, :179; release-23.0 line numbers).
/// </summary>
public sealed class BlockingSite
{
    private static readonly List<BlockingSite> Registry = [];

    private BlockingSite(string name, string description, bool onWaitlistMutex)
    {
        Name = name;
        Description = description;
        OnWaitlistMutex = onWaitlistMutex;
        Index = Registry.Count;
        Registry.Add(this);
    }

    public string Name { get; }

    public string Description { get; }

    /// <summary>True where the goroutine is blocked in <c>wl.mu.Lock()</c> (what the seed calls "blocked on wl.mu").</summary>
    public bool OnWaitlistMutex { get; }

    public int Index { get; }

    public static IReadOnlyList<BlockingSite> All => Registry;

    public override string ToString() => Name;

    // The seed's five sites (MODEL.md 4.4).
    public static readonly BlockingSite JoinLock = new("waitlist.go:55", "new request joining the waitlist: wl.mu.Lock()", true);
    public static readonly BlockingSite ParkedInSelect = new("waitlist.go:60", "waiter parked in select (conn, ctx.Done, close)", false);
    public static readonly BlockingSite SelfRemovalLock = new("waitlist.go:89", "timed-out waiter removing itself: wl.mu.Lock()", true);
    public static readonly BlockingSite ReturnerLock = new("waitlist.go:149", "connection returner (tryReturnConnSlow): wl.mu.Lock()", true);
    public static readonly BlockingSite HandoffSend = new("waitlist.go:179", "returner blocked in the handoff send: target.conn <- conn", false);

    // Other code points of the same functions (MODEL.md 4.1 to 4.3).
    public static readonly BlockingSite FallbackReceive = new("waitlist.go:106", "removed waiter in its fallback receive: <-w.conn", false);
    public static readonly BlockingSite WorkerLock = new("waitlist.go:118", "100ms worker (maybeStarvingCount): wl.mu.Lock()", true);
    public static readonly BlockingSite HoldingWaitlistMutex = new("holding wl.mu", "running a critical section of the waitlist", false);
    public static readonly BlockingSite Runnable = new("runnable", "woken, waiting to be scheduled", false);
    public static readonly BlockingSite Dialing = new("dial", "dialing a MySQL connection (getNew, synchronous)", false);
    public static readonly BlockingSite MySqlIo = new("mysql I/O", "streaming a query on a pooled connection", false);
    public static readonly BlockingSite FailingOnDeadContext = new("failing on dead ctx", "request given a connection after its deadline, failing and recycling", false);
    public static readonly BlockingSite WorkerSleep = new("worker sleep", "100ms worker between passes", false);
}
