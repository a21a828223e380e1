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
    private Chan<Conn> newWaiterChan() => new(Variant.BufferedHandoff ? 1 : 0);

    /// <summary>The returner's target, from the end the policy names: release-23 takes the waiter there,
    /// expired or not (a nil Setting matches at once); the others walk past expired waiters to the first live one,
    /// and #20308 unlinks each expired waiter it meets, to send it a nil.</summary>
    private Pick pickTarget(ListEnd from)
    {
        if (Variant.ExpiryCheck == ExpiryCheck.None)
            return new(List.At(from), _costs.ScanPerElement.Walk(1, List.Count), null);
        var (target, expired) = List.FirstLive(_runtime.Now, from);
        var cost = WalkChecking(expired + (target is null ? 0 : 1));
        return Variant.ExpiryCheck == ExpiryCheck.Evict && expired > 0
            ? new(target, cost + expired * _costs.ChanSend, evictExpired(from, expired))
            : new(target, cost, null);
    }

    /// <summary>#20308: the expired waiters the walk met, unlinked from its end.</summary>
    private List<Waiter> evictExpired(ListEnd from, int expired)
    {
        var evicted = new List<Waiter>(expired);
        for (var i = 0; i < expired; i++)
        {
            var e = List.At(from)!;
            List.Remove(e);
            evicted.Add(e);
        }
        return evicted;
    }

    /// <summary>The nil that tells each waiter a returner unlinked without serving (evicted by #20308, or shed by a
    /// policy) that its wait is over: sent under wl.mu into its empty buffer, so it never blocks.</summary>
    private static void sendNil(Goroutine g, List<Waiter>? unlinked)
    {
        if (unlinked is null)
            return;
        foreach (var w in unlinked)
            w.Conn.TrySend(g, null);
    }

    /// <summary>What the waiters a policy shed cost under wl.mu: the walk from the front, and a send each.</summary>
    private long shedCost(List<Waiter>? shed) =>
        shed is null ? 0 : _costs.ScanPerElement.Walk(shed.Count, List.Count + shed.Count) + shed.Count * _costs.ChanSend;

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
