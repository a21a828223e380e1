namespace StallSim.PoolModel.Go;

/// <summary>
/// The armed timers, earliest first by (when, arming order): the order one heap would give, at a fraction of its
/// cost. Most timers are armed with a delay that recurs (every request's deadline, a pool timeout), and timers armed
/// with the same delay come due in the order they were armed, so each such delay keeps a FIFO lane; the earliest
/// timer is the earliest lane head, or the top of a heap that takes the delays no lane holds. A lane that empties
/// is given to the next new delay. This is the simulator's bookkeeping, not Go's (Go keeps a 4-ary heap per P).
/// </summary>
internal sealed class TimerQueue
{
    private const int MaxLanes = 8;

    private readonly Queue<Timer>[] _lanes = new Queue<Timer>[MaxLanes];
    private readonly long[] _laneDelay = new long[MaxLanes];
    private int _laneCount;
    private readonly PriorityQueue<Timer, (long When, long Seq)> _rest = new();
    private long _seq;
    private Timer? _earliest; // cached; null when unknown or empty
    private int _earliestLane = -2; // the lane it heads, -1 for the heap, -2 unknown

    public void Add(Timer timer, long delay)
    {
        timer.Seq = _seq++;
        var lane = LaneFor(delay);
        if (lane >= 0)
            _lanes[lane].Enqueue(timer);
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
            _lanes[_earliestLane].Dequeue();
        else
            _rest.Dequeue();
        (_earliest, _earliestLane) = (null, -2);
    }

    private static bool Before(Timer a, Timer b) => a.When < b.When || (a.When == b.When && a.Seq < b.Seq);

    private int LaneFor(long delay)
    {
        var free = -1;
        for (var i = 0; i < _laneCount; i++)
        {
            if (_laneDelay[i] == delay)
                return i;
            if (free < 0 && _lanes[i].Count == 0)
                free = i;
        }
        if (free < 0 && _laneCount < MaxLanes)
        {
            free = _laneCount++;
            _lanes[free] = new Queue<Timer>();
        }
        if (free >= 0)
        {
            // A lane holds one delay at a time: an empty lane (or a new one) takes this delay.
            if (_earliestLane == free)
                (_earliest, _earliestLane) = (null, -2);
            _laneDelay[free] = delay;
        }
        return free;
    }

    private void FindEarliest()
    {
        (_earliest, _earliestLane) = (null, -1);
        if (_rest.TryPeek(out var top, out _))
            _earliest = top;
        for (var i = 0; i < _laneCount; i++)
            if (_lanes[i].TryPeek(out var head) && (_earliest is null || Before(head, _earliest)))
                (_earliest, _earliestLane) = (head, i);
    }
}
