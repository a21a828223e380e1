using Units = StallSim.Engine.Units;

namespace StallSim.PoolModel.Go;

/// <summary>
/// The scheduler's timers and the network poller (src/runtime/time.go, netpoll_epoll.go): timers fire when a P
/// schedules (<c>checkTimers</c>), or when the poller's thread, asleep in epoll_wait until the earliest timer,
/// wakes. One heap serves every P (Go keeps one per P).
/// </summary>
internal sealed partial class Scheduler
{
    private readonly TimerQueue _timers = new(); // armed timers, earliest first

    // The network poller: one thread asleep in epoll_wait until the earliest timer, by netpoll's rule.
    private bool _polling;
    private long _pollUntil;
    private int _pollToken;

    /// <summary>Arms <paramref name="timer"/> for <paramref name="when"/> (<c>addtimer</c>). A timer earlier than the
    /// one the sleeping poller waits for breaks its sleep (<c>wakeNetPoller</c>), so that it waits anew.</summary>
    public void Arm(Timer timer, long delay)
    {
        _timers.Add(timer, delay);
        if (_polling && timer.When < _pollUntil)
            SleepPoller(Now + _s.Wakeup);
    }

    /// <summary><c>checkTimers</c> on <paramref name="p"/>: runs every timer whose instant has come; each readies its
    /// goroutine into this P's runnext.</summary>
    private void FireDue(Processor p)
    {
        while (!_dead && _timers.Peek() is { } timer && timer.When <= Now)
        {
            _timers.Dequeue();
            timer.Fire(p);
        }
    }

    private long EarliestTimer()
    {
        while (_timers.Peek() is { } timer)
        {
            if (!timer.Stopped)
                return timer.When;
            _timers.Dequeue();
        }
        return long.MaxValue;
    }

    /// <summary>A P went idle. If no thread is asleep in the network poller yet, one goes there, to wait for the
    /// earliest timer by netpoll's rule (src/runtime/netpoll_epoll.go): a delay under a millisecond waits one
    /// millisecond, a longer one its whole milliseconds; the kernel wakes it <see cref="SchedulerSettings.PollSlack"/>
    /// after that. Without timers it sleeps until work comes.</summary>
    private void Poll()
    {
        if (_polling || !_s.TimerLags)
            return;
        var earliest = EarliestTimer();
        if (earliest == long.MaxValue)
            return;
        var delay = earliest - Now;
        var wait =
            delay <= 0 ? 0
            : delay < Units.Millisecond ? Units.Millisecond
            : delay / Units.Millisecond * Units.Millisecond;
        _pollUntil = earliest;
        SleepPoller(Now + wait + (delay <= 0 ? 0 : _s.PollSlack));
    }

    private void SleepPoller(long wakeAt)
    {
        _polling = true;
        _pollToken = (_pollToken + 1) & 0x3FFFFFFF;
        _rt.Sim.Schedule(this, Math.Max(0, wakeAt - Now), 0x40000000 | _pollToken);
    }

    /// <summary>The poller's thread wakes: it takes an idle P, if there is one, which fires the due timers and
    /// schedules (going back to the poller if it finds nothing); otherwise the busy Ps fire them when they next
    /// schedule, and the next P to go idle polls again. (Re-polling here with every P busy would wake at once,
    /// for a timer already due, forever at the same instant.)</summary>
    private void PollerWakes()
    {
        _polling = false;
        foreach (var p in _ps)
            if (p.Idle && !p.Waking)
            {
                Schedule(p);
                return;
            }
    }
}
