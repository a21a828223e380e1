using Units = StallSim.Engine.Units;

namespace StallSim.PoolModel.Go;

/// <summary>
/// The scheduler's timers and the network poller (src/runtime/time.go, netpoll_epoll.go): timers fire when a P
/// schedules (<c>checkTimers</c>), or when the poller's thread, asleep in epoll_wait until the earliest timer,
/// wakes. With <see cref="SchedulerSettings.PerProcessorTimers"/> each P keeps the timers its goroutines arm, as Go
/// does, and fires another's only when it steals; otherwise one list serves every P.
/// </summary>
internal sealed partial class Scheduler
{
    // Armed timers, earliest first: all of them, or with per-P timers those armed outside any goroutine (the
    // simulator's own clients, which Go has no counterpart for), which every P fires as its own.
    private readonly TimerQueue _timers = new();

    // The network poller: one thread asleep in epoll_wait until the earliest timer, by netpoll's rule.
    private bool _polling;
    private long _pollUntil;
    private int _pollToken;

    /// <summary>Arms <paramref name="timer"/> for its <see cref="Timer.When"/> (<c>addtimer</c>: on the current P's heap).
    /// A timer earlier than the one the sleeping poller waits for breaks its sleep (<c>wakeNetPoller</c>), so that it
    /// waits anew.</summary>
    public void Arm(Timer timer)
    {
        (_s.PerProcessorTimers && CurrentP is { } p ? p.Timers : _timers).Add(timer);
        if (_polling && timer.When < _pollUntil)
            SleepPoller(Now + _s.Wakeup);
    }

    /// <summary><c>checkTimers</c> on <paramref name="p"/>: runs every timer whose instant has come; each readies its
    /// goroutine into this P's runnext.</summary>
    private void FireDue(Processor p)
    {
        if (_s.PerProcessorTimers)
            FireDue(p.Timers, p);
        FireDue(_timers, p);
    }

    private void FireDue(TimerQueue timers, Processor p)
    {
        while (!_dead && timers.Peek() is { } timer && timer.When <= Now)
        {
            timers.Dequeue();
            timer.Fire(p);
        }
    }

    /// <summary>The last round of <c>stealWork</c>: a P with nothing to run or steal runs every other P's due timers
    /// (<c>checkTimers(p2, now)</c>), whose goroutines it readies into its own runnext. True when that gave it work.</summary>
    private bool StealTimers(Processor p)
    {
        if (!_s.PerProcessorTimers)
            return false;
        for (var k = 1; k < _ps.Length; k++)
            FireDue(_ps[(p.Id + k) % _ps.Length].Timers, p);
        return p.HasWork;
    }

    /// <summary>The earliest armed timer of any P (<c>timeSleepUntil</c>).</summary>
    private long EarliestTimer()
    {
        var earliest = EarliestOf(_timers);
        if (_s.PerProcessorTimers)
            foreach (var p in _ps)
                earliest = Math.Min(earliest, EarliestOf(p.Timers));
        return earliest;
    }

    private static long EarliestOf(TimerQueue timers)
    {
        while (timers.Peek() is { } timer)
        {
            if (!timer.Stopped)
                return timer.When;
            timers.Dequeue();
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
