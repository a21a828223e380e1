using StallSim.Engine;

namespace StallSim.PoolModel.Go;

/// <summary>
/// A runtime timer (src/runtime/time.go): a function to run at an instant. With a scheduler whose timers lag,
/// the instant only makes the timer due, and a processor runs it when it next schedules, or an idle one
/// when it wakes from the network poller; otherwise it runs at its instant. <see cref="Stop"/> (a request's
/// <c>cancel</c>, a returned sleep) drops it.
/// </summary>
internal sealed class Timer(GoRuntime runtime, Action<Processor?> fire) : IEventTarget
{
    private bool _done;

    public void Arm(long delay) => runtime.Sim.Schedule(this, Math.Max(0, delay), 0);

    public void Stop() => _done = true;

    void IEventTarget.Dispatch(int token)
    {
        if (_done) return;
        if (runtime.Scheduler is { } s && runtime.Settings.Scheduler.TimerLags) s.TimerDue(this);
        else Fire(null);
    }

    /// <summary>Runs the timer's function on <paramref name="p"/> (null: at its instant, on no P in particular).</summary>
    public void Fire(Processor? p)
    {
        if (_done) return;
        _done = true;
        fire(p);
    }
}
