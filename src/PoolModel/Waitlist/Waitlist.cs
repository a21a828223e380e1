using StallSim.Engine;
using StallSim.PoolModel.Conns;
using StallSim.PoolModel.Go;
using static StallSim.PoolModel.Waitlist.BlockingSites;

namespace StallSim.PoolModel.Waitlist;

/// <summary>
/// release-23.0's waitlist.go, by line: each statement at which a goroutine blocks, or the model charges a step,
/// and where <see cref="Waitlist"/> follows it. This table is the only copy of these line numbers in C#: the
/// census's sites (<see cref="BlockingSites"/>), the dump reader's line map and the check of the twin's
/// waitlist.go (WaitlistLinesTests) all take them from here.
/// </summary>
public static class WaitlistGo
{
    // Each line's statement, then where the model follows it.
    public const int Join = 55; // wl.mu.Lock(); wl.list.PushBack(elem): waitForConn, JoinLock
    public const int Select = 60; // select { closeChan / ctx.Done / conn }: waitForConn, Select.Park at ParkedInSelect
    public const int CloseRemoval = 65; // case <-closeChan: wl.mu.Lock(): not modelled (a pool is never closed in a run)
    public const int CloseFallback = 82; // conn := <-elem.Value.conn: not modelled (the same case's fallback receive)
    public const int SelfRemoval = 89; // case <-ctx.Done(): wl.mu.Lock(): waitForConn, SelfRemovalLock; removeByScan | removeIfPresent
    public const int Fallback = 106; // conn := <-elem.Value.conn: waitForConn, FallbackReceive
    public const int Worker = 118; // wl.mu.Lock() in maybeStarvingCount: maybeStarvingCount, WorkerLock
    public const int Return = 149; // wl.mu.Lock() in tryReturnConnSlow: tryReturnConnSlow, ReturnerLock; pickTarget
    public const int Handoff = 179; // target.Value.conn <- conn: tryReturnConnSlow, HandoffSend
    public const int Gosched = 181; // runtime.Gosched(): tryReturnConnSlow, g.Gosched()

    /// <summary>The statement that begins each line above, as waitlist.go writes it.</summary>
    public static IReadOnlyList<(int Line, string Statement)> Statements { get; } =
    [
        (Join, "wl.mu.Lock()"),
        (Select, "select {"),
        (CloseRemoval, "wl.mu.Lock()"),
        (CloseFallback, "conn := <-elem.Value.conn"),
        (SelfRemoval, "wl.mu.Lock()"),
        (Fallback, "conn := <-elem.Value.conn"),
        (Worker, "wl.mu.Lock()"),
        (Return, "wl.mu.Lock()"),
        (Handoff, "target.Value.conn <- conn"),
        (Gosched, "runtime.Gosched()"),
    ];
}

/// <summary>
/// smartconnpool's <c>waitlist</c>: one <c>wl.mu</c>, one list of waiters, and the functions that use them,
/// statement for statement as in release-23.0 (the lines in <see cref="WaitlistGo"/>). Where #20308 or the waiter
/// cap of later main differ, the body calls a method named for that step (Waitlist.Variants.cs); a policy beyond
/// Vitess is a <see cref="ReturnPolicy"/> that tryReturnConnSlow calls. A critical section costs CPU time while
/// <c>wl.mu</c> is held: decided from the list as it is when the lock is taken, then spent, then the lock is
/// released.
/// Left out: the pool's close channel (a pool is never closed during a run), Settings and the age of
/// waiters (nil Settings match the front waiter at once, so age never decides), and the <c>sync.Pool</c> of
/// list elements (it changes memory, not order).
/// </summary>
public sealed partial class Waitlist
{
    private readonly GoRuntime _runtime;
    private readonly CodeCosts _costs;
    private readonly RandomStream _selectTies;

    public Waitlist(GoRuntime runtime, WaitlistVariant variant, CodeCosts costs, RandomStream selectTies)
    {
        _runtime = runtime;
        Variant = variant;
        _costs = costs;
        _selectTies = selectTies;
        mu = new Mutex(runtime);
        _waiterExpired = ctx => List.Expired((Waiter)ctx.Waiter!);
        _policy = ReturnPolicy.Of(variant);
    }

    private readonly ReturnPolicy _policy;

    private readonly Action<Context> _waiterExpired;

    public WaitlistVariant Variant { get; }

#pragma warning disable IDE1006 // named as in waitlist.go
    public Mutex mu { get; }
#pragma warning restore IDE1006

    public WaiterList List { get; } = new();

    /// <summary>Waiters sent nil by a returner because their context had expired (#20308).</summary>
    public long Evictions { get; private set; }

    /// <summary><c>waitForConn(ctx, nil, closeChan)</c>: join the list, wait in the select, and on ctx.Done
    /// remove ourselves (or, if a returner removed us first, take what it sends).</summary>
    public IEnumerator<Wait> waitForConn(Goroutine g, Context ctx, Returns<Conn> ret)
    {
        if (waiterCapReached())
        {
            ret.Err = PoolErrors.ErrPoolWaiterCapReached; // the lock-free pre-check
            yield break;
        }
        var w = new Waiter(newWaiterChan(), ctx);
        ctx.Waiter = w;
        ctx.OnFire = _waiterExpired;

        // wl.mu.Lock(); wl.list.PushBack(elem)
        while (!mu.Lock(g))
            yield return g.Park(JoinLock);
        if (waiterCapReached())
        {
            foreach (var u in mu.Unlock(g))
                yield return u; // the strict re-check under the lock
            ret.Err = PoolErrors.ErrPoolWaiterCapReached;
            yield break;
        }
        w.JoinedAt = g.Now;
        List.PushBack(w);
        yield return g.Compute(HoldingWaitlistMutex, _costs.ListPush);
        foreach (var u in mu.Unlock(g))
            yield return u;

        // select { case <-closeChan / <-ctx.Done() / conn := <-elem.Value.conn }. Its locals live within one step each,
        // so that a parked goroutine's frame does not keep them.
        var ready = Select.Poll(w.Conn, ctx, _selectTies);
        if (ready == SelectCase.Received)
        {
            waitResult(ctx, w.Conn.Receive(), ret);
            yield break;
        }
        if (ready is null)
        {
            yield return Select.Park(g, ParkedInSelect, w.Conn, ctx);
            var woken = Select.Woken(g, w.Conn, ctx, out var received);
            if (woken == SelectCase.Received)
            {
                waitResult(ctx, received, ret);
                yield break;
            }
            if (woken == SelectCase.Done && g.TimedOut)
                yield return g.AfterTimer();
        }

        // case <-ctx.Done(): wl.mu.Lock(), and remove ourselves if still listed
        while (!mu.Lock(g))
            yield return g.Park(SelfRemovalLock);
        var (removed, cost) = Variant.SelfRemoval == SelfRemoval.Scan ? removeByScan(w) : removeIfPresent(w);
        yield return g.Compute(HoldingWaitlistMutex, cost);
        foreach (var u in mu.Unlock(g))
            yield return u;
        if (removed)
        {
            ret.Err = ctx.Err();
            yield break;
        }

        // A returner removed us and is sending (or has sent): the fallback receive.
        if (w.Conn.ReceiveReady)
        {
            waitResult(ctx, w.Conn.Receive(), ret);
            yield break;
        }
        w.Conn.ParkReceiver(g);
        yield return g.Park(FallbackReceive);
        w.Conn.TakeDelivered(out var delivered);
        waitResult(ctx, delivered, ret);
    }

    /// <summary><c>tryReturnConn(conn)</c>: the lock-free fast path on the list's atomic length.</summary>
    public IEnumerable<Wait> tryReturnConn(Goroutine g, Conn conn, Returns<bool> handed)
    {
        handed.Value = false;
        if (List.Count == 0)
            return [];
        return tryReturnConnSlow(g, conn, handed);
    }

    /// <summary><c>tryReturnConnSlow(conn)</c>: pick a target under wl.mu, then hand the connection over.</summary>
    private IEnumerable<Wait> tryReturnConnSlow(Goroutine g, Conn conn, Returns<bool> handed)
    {
        while (!mu.Lock(g))
            yield return g.Park(ReturnerLock);
        var shed = _policy.Shed(List, g.Now);
        var pick = pickTarget(_policy.ServeFrom(List, g.Now));
        if (pick.Target is not null)
        {
            List.Remove(pick.Target);
            _policy.Served(pick.Target, g.Now);
        }
        yield return g.Compute(HoldingWaitlistMutex, shedCost(shed) + pick.Cost);
        sendNil(g, shed);
        sendNil(g, pick.Evicted);
        Evictions += pick.Evicted?.Count ?? 0;
        foreach (var u in mu.Unlock(g))
            yield return u;

        if (pick.Target is null)
            yield break;
        // target.Value.conn <- conn
        if (!pick.Target.Conn.TrySend(g, conn))
            yield return g.Park(HandoffSend);
        handed.Value = true;
        // runtime.Gosched()
        yield return g.Gosched();
    }

    /// <summary><c>maybeStarvingCount</c>: every pass of the pool's worker walks the whole list under wl.mu,
    /// counting the waiters that may be stranded (release-23: all of them; with the expiry check, the live
    /// ones). The worker uses the count only as a bound on rescues, each of which needs an idle connection,
    /// so the model counts no further than the <paramref name="idle"/> connections plus one: counting further
    /// changes nothing and would make the simulator itself walk the list.</summary>
    public IEnumerable<Wait> maybeStarvingCount(Goroutine g, Func<int> idle, Returns<int> count)
    {
        count.Value = 0;
        if (List.Count == 0)
            yield break;
        while (!mu.Lock(g))
            yield return g.Park(WorkerLock);
        var checkExpiry = Variant.ExpiryCheck != ExpiryCheck.None;
        var starving = checkExpiry ? CountLive(idle() + 1) : List.Count;
        var cost = _costs.ScanPerElement.Walk(List.Count, List.Count) + (checkExpiry ? List.Count * _costs.CtxCheck : 0);
        yield return g.Compute(HoldingWaitlistMutex, cost);
        foreach (var u in mu.Unlock(g))
            yield return u;
        count.Value = starving;
    }

    /// <summary>Live waiters, counted from the front up to <paramref name="limit"/>.</summary>
    private int CountLive(int limit)
    {
        var (first, _) = List.FirstLive(_runtime.Now);
        if (first is null || limit <= 0)
            return 0;
        var count = 1;
        for (var w = List.Next(first); w is not null && count < limit; w = List.Next(w))
            if (!w.Ctx.Expired)
                count++;
        return count;
    }
}
