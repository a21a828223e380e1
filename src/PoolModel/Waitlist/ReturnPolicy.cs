namespace StallSim.PoolModel.Waitlist;

/// <summary>The two ends of the waitlist: the oldest waiter stands at the front, the newest at the back.</summary>
public enum ListEnd
{
    Front,
    Back,
}

/// <summary>
/// What a policy beyond Vitess adds to <c>tryReturnConnSlow</c>, in the style of a SimPy resource's request
/// policy: a few lines the waitlist calls at fixed points, never a copy of its body
/// (docs/model.md#policies-beyond-the-fix). Release-23 and #20308 serve from the front and shed nothing.
/// </summary>
public abstract class ReturnPolicy
{
    /// <summary>The end from which a returner serves (and, with #20308, evicts expired waiters on its walk).</summary>
    public abstract ListEnd ServeFrom(WaiterList list, long now);

    /// <summary>Waiters to unlink and send nil before the pick, or null: only a shedding policy has any.</summary>
    public virtual List<Waiter>? Shed(WaiterList list, long now) => null;

    /// <summary>Told of each waiter served, for policies that learn from waiting times.</summary>
    public virtual void Served(Waiter served, long now) { }

    /// <summary>The policy a variant names: its order, with CoDel's shedding when it has it.</summary>
    public static ReturnPolicy Of(WaitlistVariant v)
    {
        ReturnPolicy order = v.Order switch
        {
            WaitlistOrder.Lifo => new Lifo(),
            WaitlistOrder.AdaptiveLifo => new AdaptiveLifo(v.LifoAfter),
            _ => new Fifo(),
        };
        return v.Shedding is { } codel ? new CoDel(order, codel) : order;
    }

    /// <summary>Release-23 and #20308: the longest waiting first.</summary>
    private sealed class Fifo : ReturnPolicy
    {
        public override ListEnd ServeFrom(WaiterList list, long now) => ListEnd.Front;
    }

    /// <summary>The newest first: its caller is the likeliest to still want the answer.</summary>
    private sealed class Lifo : ReturnPolicy
    {
        public override ListEnd ServeFrom(WaiterList list, long now) => ListEnd.Back;
    }

    /// <summary>FIFO until the front has waited longer than <paramref name="after"/>, LIFO beyond (Fail at Scale).</summary>
    private sealed class AdaptiveLifo(long after) : ReturnPolicy
    {
        public override ListEnd ServeFrom(WaiterList list, long now) =>
            list.Front is { } oldest && now - oldest.JoinedAt > after ? ListEnd.Back : ListEnd.Front;
    }

    /// <summary>CoDel (RFC 8289) over an order: at each interval's end the queue is judged standing if the shortest
    /// wait served in the interval exceeded the target; while it stands, every waiter at the front that has waited
    /// longer than the target is shed (its Get fails with ResourceExhausted) instead of being served.</summary>
    private sealed class CoDel(ReturnPolicy order, CoDelSettings codel) : ReturnPolicy
    {
        private long _intervalEnd;
        private long _shortestWait = long.MaxValue;
        private bool _standing;

        public override ListEnd ServeFrom(WaiterList list, long now) => order.ServeFrom(list, now);

        public override List<Waiter>? Shed(WaiterList list, long now)
        {
            if (now >= _intervalEnd)
            {
                _standing = _shortestWait != long.MaxValue && _shortestWait > codel.Target;
                _shortestWait = long.MaxValue;
                _intervalEnd = now + codel.Interval;
            }
            if (!_standing)
                return null;
            List<Waiter>? shed = null;
            while (list.Front is { } oldest && now - oldest.JoinedAt > codel.Target)
            {
                list.Remove(oldest);
                (shed ??= []).Add(oldest);
            }
            return shed;
        }

        public override void Served(Waiter served, long now)
        {
            _shortestWait = Math.Min(_shortestWait, now - served.JoinedAt);
            order.Served(served, now);
        }
    }
}
