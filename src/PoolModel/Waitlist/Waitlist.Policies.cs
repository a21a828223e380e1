using StallSim.PoolModel.Go;

namespace StallSim.PoolModel.Waitlist;

/// <summary>
/// Policies beyond #20308, each a small patch to tryReturnConnSlow: the order in which live waiters are served
/// (FIFO, LIFO, adaptive LIFO) and CoDel's shedding of a standing queue (docs/model.md#policies-beyond-the-fix).
/// </summary>
public sealed partial class Waitlist
{
    // CoDel's state: the end of the current interval, the shortest wait served in it, and whether the last
    // interval's shortest wait exceeded the target (the queue is standing).
    private long _codelIntervalEnd;
    private long _codelShortestWait = long.MaxValue;
    private bool _codelStanding;

    /// <summary>The returner's pick: the expiry check decides what happens to expired waiters, the order which
    /// live waiter is served.</summary>
    private Pick pickTarget() =>
        ServesNewest()
            ? Variant.ExpiryCheck switch
            {
                ExpiryCheck.None => pickBack(),
                ExpiryCheck.Skip => skipExpiredFromBack(),
                _ => evictExpiredFromBack(),
            }
            : Variant.ExpiryCheck switch
            {
                ExpiryCheck.None => pickFront(),
                ExpiryCheck.Skip => skipExpired(),
                _ => evictExpired(),
            };

    /// <summary>LIFO always; adaptive LIFO once the front has waited longer than lifo_after; FIFO never.</summary>
    private bool ServesNewest() =>
        Variant.Order switch
        {
            WaitlistOrder.Lifo => true,
            WaitlistOrder.AdaptiveLifo => List.Front is { } oldest && _runtime.Now - oldest.JoinedAt > Variant.LifoAfter,
            _ => false,
        };

    /// <summary>LIFO without an expiry check: <c>wl.list.Back()</c>, expired or not.</summary>
    private Pick pickBack() => new(List.Back, _costs.ScanPerElement.Walk(1, List.Count), null);

    /// <summary>LIFO passing expired waiters over: the walk goes from the back to the newest live waiter.</summary>
    private Pick skipExpiredFromBack()
    {
        var (target, expiredBehind) = List.LastLive(_runtime.Now);
        return new(target, WalkChecking(expiredBehind + (target is null ? 0 : 1)), null);
    }

    /// <summary>LIFO with #20308's eviction: the expired waiters met on the walk from the back are unlinked and
    /// sent nil; those nearer the front remove themselves.</summary>
    private Pick evictExpiredFromBack()
    {
        var (target, expiredBehind) = List.LastLive(_runtime.Now);
        var cost = WalkChecking(expiredBehind + (target is null ? 0 : 1));
        if (expiredBehind == 0)
            return new(target, cost, null);
        var evicted = new List<Waiter>(expiredBehind);
        for (var i = 0; i < expiredBehind; i++)
        {
            var expired = List.Back!;
            List.Remove(expired);
            evicted.Add(expired);
        }
        return new(target, cost + expiredBehind * _costs.ChanSend, evicted);
    }

    /// <summary>CoDel: at each interval's end the queue is judged standing if the shortest wait served in the
    /// interval exceeded the target; while it stands, every waiter at the front that has waited longer than the
    /// target is unlinked, to be sent nil (its Get fails with ResourceExhausted) instead of being served.</summary>
    private (List<Waiter>? Shed, long Cost) codelShed()
    {
        if (Variant.Shedding is not { } codel)
            return (null, 0);
        var now = _runtime.Now;
        if (now >= _codelIntervalEnd)
        {
            _codelStanding = _codelShortestWait != long.MaxValue && _codelShortestWait > codel.Target;
            _codelShortestWait = long.MaxValue;
            _codelIntervalEnd = now + codel.Interval;
        }
        if (!_codelStanding)
            return (null, 0);
        List<Waiter>? shed = null;
        while (List.Front is { } oldest && now - oldest.JoinedAt > codel.Target)
        {
            List.Remove(oldest);
            (shed ??= []).Add(oldest);
        }
        var n = shed?.Count ?? 0;
        return (shed, _costs.ScanPerElement.Walk(n, List.Count + n) + n * _costs.ChanSend);
    }

    /// <summary>CoDel's measurement: the wait of each waiter served.</summary>
    private void codelServed(Waiter served)
    {
        if (Variant.Shedding is not null)
            _codelShortestWait = Math.Min(_codelShortestWait, _runtime.Now - served.JoinedAt);
    }

    /// <summary>The nil that tells each shed waiter its wait is over, into its empty buffer under wl.mu.</summary>
    private void signalShed(Goroutine g, List<Waiter>? shed)
    {
        if (shed is null)
            return;
        foreach (var w in shed)
            w.Conn.TrySend(g, null);
    }
}
