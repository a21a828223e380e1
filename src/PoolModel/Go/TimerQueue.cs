namespace StallSim.PoolModel.Go;

/// <summary>
/// The armed timers, earliest first by (when, arming order): the order one heap would give, at a fraction of its
/// cost. Most timers are armed in nearly the order they come due (every request's deadline is its arrival plus one
/// of a few timeouts, a pool timeout is a constant delay), so they are kept in FIFO lanes, each of which takes only
/// timers due no earlier than its tail and so stays in order; the earliest timer is the earliest lane head, or the
/// top of a heap that takes the timers no lane can (a query's end, a backoff). This is the simulator's bookkeeping,
/// not Go's (Go keeps a 4-ary heap per P).
/// </summary>
internal sealed class TimerQueue
{
    private const int MaxLanes = 8;

    private readonly Queue<Timer>[] _lanes = new Queue<Timer>[MaxLanes];
    private readonly long[] _laneTail = new long[MaxLanes]; // when the last timer a lane took is due
    private readonly long[] _headWhen = new long[MaxLanes]; // its head's (when, seq), so that finding the earliest
    private readonly long[] _headSeq = new long[MaxLanes]; // reads no timer
    private int _laneCount;
    private readonly PriorityQueue<Timer, (long When, long Seq)> _rest = new();
    private long _seq;
    private Timer? _earliest; // cached; null when unknown or empty
    private int _earliestLane = -2; // the lane it heads, -1 for the heap, -2 unknown

    public void Add(Timer timer)
    {
        timer.Seq = _seq++;
        var lane = LaneFor(timer.When);
        if (lane >= 0)
        {
            if (_lanes[lane].Count == 0)
                (_headWhen[lane], _headSeq[lane]) = (timer.When, timer.Seq);
            _lanes[lane].Enqueue(timer);
            _laneTail[lane] = timer.When;
        }
        else
            _rest.Enqueue(timer, (timer.When, timer.Seq));
        if (_earliestLane != -2 && (_earliest is null || Before(timer, _earliest)))
            (_earliest, _earliestLane) = (timer, lane);
    }

    /// <summary>The earliest timer, or null.</summary>
    public Timer? Peek()
    {
        if (_earliestLane == -2)
            FindEarliest();
        return _earliest;
    }

    public void Dequeue()
    {
        if (Peek() is null)
            throw new InvalidOperationException("no timer armed");
        if (_earliestLane >= 0)
        {
            var lane = _lanes[_earliestLane];
            lane.Dequeue();
            if (lane.TryPeek(out var next))
                (_headWhen[_earliestLane], _headSeq[_earliestLane]) = (next.When, next.Seq);
        }
        else
            _rest.Dequeue();
        (_earliest, _earliestLane) = (null, -2);
    }

    private static bool Before(Timer a, Timer b) => a.When < b.When || (a.When == b.When && a.Seq < b.Seq);

    /// <summary>The lane for a timer due at <paramref name="when"/>: of the lanes whose tail is due no later, the one
    /// whose tail is latest (which keeps each lane's timers close together), else an empty lane; -1: the heap.</summary>
    private int LaneFor(long when)
    {
        int best = -1,
            free = -1;
        for (var i = 0; i < _laneCount; i++)
        {
            if (_lanes[i].Count == 0)
                free = free < 0 ? i : free;
            else if (_laneTail[i] <= when && (best < 0 || _laneTail[i] > _laneTail[best]))
                best = i;
        }
        if (best >= 0)
            return best;
        if (free < 0 && _laneCount < MaxLanes)
        {
            free = _laneCount++;
            _lanes[free] = new Queue<Timer>();
        }
        return free;
    }

    private void FindEarliest()
    {
        (_earliest, _earliestLane) = (null, -1);
        var (when, seq) = _rest.TryPeek(out var top, out var key) ? key : (long.MaxValue, long.MaxValue);
        _earliest = top;
        for (var i = 0; i < _laneCount; i++)
            if (_lanes[i].Count > 0 && (_headWhen[i] < when || (_headWhen[i] == when && _headSeq[i] < seq)))
                (when, seq, _earliestLane) = (_headWhen[i], _headSeq[i], i);
        if (_earliestLane >= 0)
            _earliest = _lanes[_earliestLane].Peek();
    }
}
