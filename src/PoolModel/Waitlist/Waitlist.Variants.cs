using StallSim.PoolModel.Conns;
using StallSim.PoolModel.Go;

namespace StallSim.PoolModel.Waitlist;

/// <summary>
/// The steps in which the waitlist's versions differ, each named for where it comes from, so that the main
/// body reads like waitlist.go and each variant like a patch to it (docs/model.md#the-waitlists-versions).
/// </summary>
public sealed partial class Waitlist
{
    /// <summary>A returner's choice: the waiter it hands the connection to (if any), the CPU time the walk
    /// cost under wl.mu, and the expired waiters it unlinked on the way (#20308).</summary>
    private readonly record struct Pick(Waiter? Target, long Cost, List<Waiter>? Evicted);

    /// <summary>The per-waiter channel: release-23 makes it unbuffered (a hand-off blocks until the waiter
    /// receives); #20308 gives it a buffer of one, so no send to a listed waiter ever blocks.</summary>
    private Chan<Conn> newWaiterChan() => new(_runtime, Variant.BufferedHandoff ? 1 : 0);

    /// <summary>Release-23's target: the front waiter (a nil Setting matches at once), expired or not.</summary>
    private Pick pickFront() => new(List.Front, _costs.ScanPerElement.Walk(1, List.Count), null);

    /// <summary>A returner that checks <c>ctx.Err()</c> and passes expired waiters over, leaving them listed
    /// for their own self-removal (an ablation: the one form of the check an unbuffered channel allows).</summary>
    private Pick skipExpired()
    {
        var (target, expiredAhead) = List.FirstLive(_runtime.Now);
        return new(target, WalkChecking(expiredAhead + (target is null ? 0 : 1)), null);
    }

    /// <summary>#20308: the returner unlinks every expired waiter it meets and will send each a nil, then
    /// takes the first live one.</summary>
    private Pick evictExpired()
    {
        var (target, expiredAhead) = List.FirstLive(_runtime.Now);
        var cost = WalkChecking(expiredAhead + (target is null ? 0 : 1));
        if (expiredAhead == 0)
            return new(target, cost, null);
        var evicted = new List<Waiter>(expiredAhead);
        for (var i = 0; i < expiredAhead; i++)
        {
            var expired = List.Front!;
            List.Remove(expired);
            evicted.Add(expired);
        }
        return new(target, cost + expiredAhead * _costs.ChanSend, evicted);
    }

    /// <summary>#20308: the nil that tells each evicted waiter its wait is over, sent under wl.mu into its empty
    /// buffer, so it never blocks.</summary>
    private void signalEvicted(Goroutine g, List<Waiter>? evicted)
    {
        if (evicted is null)
            return;
        foreach (var e in evicted)
            e.Conn.TrySend(g, null);
        Evictions += evicted.Count;
    }

    /// <summary>Release-23's self-removal: walk the list from the front to our own element, O(position); when a
    /// returner already removed us, the walk covers the whole list without finding us.</summary>
    private (bool Removed, long Cost) removeByScan(Waiter w)
    {
        if (!List.Contains(w))
            return (false, _costs.ScanPerElement.Walk(List.Count, List.Count));
        var cost = _costs.ScanPerElement.Walk(List.PositionOf(w) + 1, List.Count);
        List.Remove(w);
        return (true, cost);
    }

    /// <summary>#20308's self-removal: <c>list.RemoveIfPresent</c>, an O(1) membership test and unlink.</summary>
    private (bool Removed, long Cost) removeIfPresent(Waiter w)
    {
        var present = List.Contains(w);
        if (present)
            List.Remove(w);
        return (present, _costs.ListPush);
    }

    /// <summary>A walk that also asks each waiter's context whether it expired.</summary>
    private long WalkChecking(int elements) => _costs.ScanPerElement.Walk(elements, List.Count) + elements * _costs.CtxCheck;

    /// <summary>Later main's waiter cap (<c>MaxWaiters</c>): checked without the lock, then again under it.</summary>
    private bool waiterCapReached() => Variant.MaxWaiters > 0 && List.Count >= Variant.MaxWaiters;

    /// <summary><c>waitResult</c> (#20308): a connection is success, nil is the context's error. Release-23
    /// returns whatever it received with a nil error; it never receives nil, so the two agree there.</summary>
    private static void waitResult(Context ctx, Conn? conn, Returns<Conn> ret)
    {
        if (conn is null)
            ret.Err = ctx.Err() ?? PoolErrors.ErrTimeout;
        else
            ret.Value = conn;
    }
}
