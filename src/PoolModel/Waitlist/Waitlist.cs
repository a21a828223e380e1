using StallSim.Engine;
using StallSim.PoolModel.Go;
using StallSim.PoolModel.Pool;

namespace StallSim.PoolModel.Waitlist;

/// <summary>
/// smartconnpool's <c>waitlist</c>: one <c>wl.mu</c>, one list of waiters, and the functions that use them,
/// line by line as in release-23.0 (MODEL.md 4) with the switches of the fix (MODEL.md 5) applied where
/// the fix changed a line. A critical section costs virtual time while <c>wl.mu</c> is held: that cost is
/// decided from the list as it is when the lock is taken, then spent, then the lock is released.
/// </summary>
public sealed class Waitlist
{
    private readonly GoRuntime _runtime;
    private readonly ConnPool _pool;
    private readonly GoSettings _costs;
    private readonly RandomStream _selectTies;

    internal Waitlist(GoRuntime runtime, ConnPool pool, WaitlistVariant variant, GoSettings costs, RandomStream selectTies)
    {
        _runtime = runtime;
        _pool = pool;
        Variant = variant;
        _costs = costs;
        _selectTies = selectTies;
        mu = new Mutex(runtime);
    }

    public WaitlistVariant Variant { get; }

#pragma warning disable IDE1006 // named as in waitlist.go
    public Mutex mu { get; }
#pragma warning restore IDE1006

    public WaiterList List { get; } = new();

    /// <summary>Connections sent nil by a returner because their waiter's context had expired.</summary>
    public long Evictions { get; private set; }

    /// <summary><c>waitForConn(ctx, nil, closeChan)</c>: join the list, wait in the select, and on
    /// ctx.Done remove ourselves (or, if a returner removed us first, take what it sends).</summary>
    public IEnumerable<Wait> waitForConn(Goroutine g, Context ctx, Returns<Conn> ret)
    {
        if (Variant.MaxWaiters > 0 && List.Count >= Variant.MaxWaiters)
        {
            ret.Err = GoError.WaiterCapReached;   // lock-free pre-check of the cap (later main)
            yield break;
        }
        var w = new Waiter(g, new Chan<Conn>(_runtime, Variant.BufferedHandoff ? 1 : 0), ctx);

        // waitlist.go:55
        while (!mu.Lock(g, BlockingSite.JoinLock)) yield return g.Park(BlockingSite.JoinLock);
        if (Variant.MaxWaiters > 0 && List.Count >= Variant.MaxWaiters)
        {
            mu.Unlock(g);
            ret.Err = GoError.WaiterCapReached;
            yield break;
        }
        List.PushBack(w);
        yield return g.Spend(BlockingSite.HoldingWaitlistMutex, _costs.ListPush);
        mu.Unlock(g);

        // waitlist.go:60
        var select = new SelectReceiveOrDone<Conn>(w.Conn, ctx, _selectTies);
        while (select.Next(g, BlockingSite.ParkedInSelect, out var wait)) yield return wait;
        if (select.Received)
        {
            waitResult(select.Value, ret);
            yield break;
        }

        // ctx.Done(): waitlist.go:89
        while (!mu.Lock(g, BlockingSite.SelfRemovalLock)) yield return g.Park(BlockingSite.SelfRemovalLock);
        var removed = List.Contains(w);
        long cost;
        if (Variant.SelfRemoval == SelfRemoval.O1) cost = _costs.ListPush;   // RemoveIfPresent
        else cost = (removed ? List.PositionOf(w) + 1 : List.Count) * _costs.ScanPerElement;
        if (removed) List.Remove(w);
        yield return g.Spend(BlockingSite.HoldingWaitlistMutex, cost);
        mu.Unlock(g);
        if (removed)
        {
            ret.Err = GoError.ContextDeadlineExceeded;
            yield break;
        }

        // A returner removed us and is sending (or has sent): waitlist.go:106, the fallback receive.
        Conn? conn;
        if (w.Conn.ReceiveReady) conn = w.Conn.Receive();
        else
        {
            w.Conn.ParkReceiver(g);
            yield return g.Park(BlockingSite.FallbackReceive);
            conn = w.Conn.TakeDelivered();
        }
        waitResult(conn, ret);
    }

    /// <summary><c>waitResult</c> (#20308): a connection is success, nil is the context's error. Release-23
    /// returns whatever it received with a nil error; it never receives nil, so the two agree there.</summary>
    private static void waitResult(Conn? conn, Returns<Conn> ret)
    {
        if (conn is null) ret.Err = GoError.ContextDeadlineExceeded;
        else ret.Value = conn;
    }

    /// <summary><c>tryReturnConn(conn)</c>: the lock-free fast path on the list's atomic length.</summary>
    public IEnumerable<Wait> tryReturnConn(Goroutine g, Conn conn, Returns<bool> handed)
    {
        handed.Value = false;
        if (List.Count == 0) return [];
        return tryReturnConnSlow(g, conn, handed);
    }

    /// <summary><c>tryReturnConnSlow(conn)</c>: pick a target under wl.mu, then hand the connection over.</summary>
    private IEnumerable<Wait> tryReturnConnSlow(Goroutine g, Conn conn, Returns<bool> handed)
    {
        // waitlist.go:149
        while (!mu.Lock(g, BlockingSite.ReturnerLock)) yield return g.Park(BlockingSite.ReturnerLock);

        // Walk from the front. Release-23 takes the front waiter (nil Settings match at once). With the
        // expiry check, every expired waiter before the first live one is visited (and, in the fix, evicted).
        Waiter? target;
        List<Waiter>? evicted = null;
        long cost;
        if (Variant.ExpiryCheck == ExpiryCheck.None)
        {
            target = List.Front;
            cost = _costs.ScanPerElement;
        }
        else
        {
            (target, var expiredAhead) = List.FirstLive(_runtime.Now);
            cost = (expiredAhead + (target is null ? 0 : 1)) * (_costs.ScanPerElement + _costs.CtxCheck);
            if (Variant.ExpiryCheck == ExpiryCheck.Evict && expiredAhead > 0)
            {
                evicted = new List<Waiter>(expiredAhead);
                for (var i = 0; i < expiredAhead; i++)
                {
                    var expired = List.Front!;
                    List.Remove(expired);
                    evicted.Add(expired);
                }
                cost += expiredAhead * _costs.ChanSend;
            }
        }
        if (target is not null) List.Remove(target);
        yield return g.Spend(BlockingSite.HoldingWaitlistMutex, cost);
        if (evicted is not null)
        {
            foreach (var e in evicted) e.Conn.TrySend(g, null);   // buffered and empty: never blocks
            Evictions += evicted.Count;
        }
        mu.Unlock(g);

        if (target is null) yield break;
        // waitlist.go:179
        if (!target.Conn.TrySend(g, conn)) yield return g.Park(BlockingSite.HandoffSend);
        handed.Value = true;
    }

    /// <summary><c>maybeStarvingCount</c>: every pass of the pool's worker walks the whole list under wl.mu,
    /// counting the waiters that may be stranded (release-23: all of them; the fix skips expired ones).</summary>
    public IEnumerable<Wait> maybeStarvingCount(Goroutine g, Returns<int> count)
    {
        count.Value = 0;
        if (List.Count == 0) yield break;
        // waitlist.go:118
        while (!mu.Lock(g, BlockingSite.WorkerLock)) yield return g.Park(BlockingSite.WorkerLock);
        var checkExpiry = Variant.ExpiryCheck != ExpiryCheck.None;
        var starving = checkExpiry ? CountLive(limit: _pool.IdleCount + 1) : List.Count;
        var cost = List.Count * (_costs.ScanPerElement + (checkExpiry ? _costs.CtxCheck : 0));
        yield return g.Spend(BlockingSite.HoldingWaitlistMutex, cost);
        mu.Unlock(g);
        count.Value = starving;
    }

    /// <summary>Live waiters, counted from the front up to <paramref name="limit"/>. The worker uses the count
    /// only as a bound on rescues, each of which needs an idle connection, so counting past the idle
    /// connections plus one changes nothing (and would make the simulator walk the list).</summary>
    private int CountLive(int limit)
    {
        var (first, _) = List.FirstLive(_runtime.Now);
        if (first is null || limit <= 0) return 0;
        var count = 1;
        for (var w = List.Next(first); w is not null && count < limit; w = List.Next(w))
            if (!w.Ctx.Err()) count++;
        return count;
    }

    /// <summary>The pool's worker (runWorker): every interval, rescue up to maybeStarvingCount waiters with
    /// idle connections, stopping at the first failure.</summary>
    internal IEnumerable<Wait> runWorker(Goroutine g)
    {
        var starving = new Returns<int>();
        var handed = new Returns<bool>();
        while (true)
        {
            yield return g.Spend(BlockingSite.WorkerSleep, _costs.WorkerInterval);
            foreach (var x in maybeStarvingCount(g, starving)) yield return x;
            for (var i = 0; i < starving.Value; i++)
            {
                foreach (var x in _pool.tryReturnAnyConn(g, handed)) yield return x;
                if (!handed.Value) break;
            }
        }
    }
}
