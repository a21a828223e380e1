using StallSim.Engine;

namespace StallSim.PoolModel.Go;

/// <summary>
/// A runtime timer (src/runtime/time.go): something to run at an instant. With a scheduler whose timers lag, the
/// scheduler keeps it (<see cref="Scheduler.Arm"/>) and a processor runs it when it next schedules, or the network
/// poller's thread when it wakes; otherwise it runs at its instant. <see cref="Stop"/> (a request's <c>cancel</c>)
/// drops it. What a timer runs is its owner's: a context's deadline (<see cref="Context"/>, which is its timer) or a
/// goroutine's own wake-up after a sleep or I/O (the goroutine's, made when it first blocks and kept), each of which
/// has at most one timer armed at a time, so arming one allocates nothing.
/// </summary>
public abstract class Timer : IEventTarget
{
    internal bool Stopped { get; private set; }

    /// <summary>When it is due, and its arming order (<c>addtimer</c>'s): the order in which due timers run.</summary>
    internal long When { get; set; }

    internal long Seq { get; set; }

    internal void Arm(GoRuntime runtime, long delay)
    {
        Stopped = false;
        if (runtime.Scheduler is { } s && runtime.Settings.Scheduler.TimerLags)
        {
            When = runtime.Now + Math.Max(0, delay);
            s.Arm(this);
        }
        else
            runtime.Sim.Schedule(this, Math.Max(0, delay), 0);
    }

    internal void Stop() => Stopped = true;

    void IEventTarget.Dispatch(int token) => Fire(null);

    /// <summary>Runs the timer on <paramref name="p"/> (null: at its instant, on no P in particular).</summary>
    internal void Fire(Processor? p)
    {
        if (Stopped)
            return;
        Stopped = true;
        Fired(p);
    }

    /// <summary>What the timer runs.</summary>
    private protected abstract void Fired(Processor? p);
}
