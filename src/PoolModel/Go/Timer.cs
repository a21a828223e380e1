using StallSim.Engine;

namespace StallSim.PoolModel.Go;

/// <summary>
/// A runtime timer (src/runtime/time.go): a function to run at an instant. With a scheduler whose timers lag,
/// the scheduler keeps it (<see cref="Scheduler.Arm"/>) and a processor runs it when it next schedules, or the
/// network poller's thread when it wakes; otherwise it runs at its instant. <see cref="Stop"/> (a request's
/// <c>cancel</c>) drops it.
/// </summary>
internal sealed class Timer(GoRuntime runtime, Action<Processor?> fire) : IEventTarget
{
    public bool Stopped { get; private set; }

    public void Arm(long delay)
    {
        if (runtime.Scheduler is { } s && runtime.Settings.Scheduler.TimerLags)
            s.Arm(this, runtime.Now + Math.Max(0, delay));
        else
            runtime.Sim.Schedule(this, Math.Max(0, delay), 0);
    }

    public void Stop() => Stopped = true;

    void IEventTarget.Dispatch(int token) => Fire(null);

    /// <summary>Runs the timer's function on <paramref name="p"/> (null: at its instant, on no P in particular).</summary>
    public void Fire(Processor? p)
    {
        if (Stopped)
            return;
        Stopped = true;
        fire(p);
    }
}
