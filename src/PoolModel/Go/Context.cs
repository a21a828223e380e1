using StallSim.Engine;

namespace StallSim.PoolModel.Go;

/// <summary>
/// <c>context.WithDeadline(parent, d)</c> and its <c>cancel</c> (src/context/context.go): <see cref="Err"/> is nil
/// until the context's timer fires, then <see cref="DeadlineExceeded"/>, or <see cref="Canceled"/> once
/// <see cref="Cancel"/> has run first; <c>ctx.Done()</c> is closed when the timer fires, which readies a goroutine
/// parked in a select on it (<see cref="Select"/>). Without a scheduler the timer fires at the deadline exactly,
/// so the park carries the deadline itself and no timer is needed. With one, the context arms a runtime timer
/// (<c>time.AfterFunc</c>), which fires when a processor gets to it: until then the context is live, although
/// its deadline has passed.
/// </summary>
public sealed class Context : Timer
{
    /// <summary><c>context.DeadlineExceeded</c>.</summary>
    public static readonly GoError DeadlineExceeded = new("context deadline exceeded");

    /// <summary><c>context.Canceled</c>.</summary>
    public static readonly GoError Canceled = new("context canceled");

    private readonly GoRuntime _runtime;
    private readonly Context? _parent;
    private readonly bool _timed; // with a scheduler: the context is its deadline's runtime timer
    private bool _canceled;
    private bool _fired;
    private Goroutine? _doneWaiter; // the goroutine parked in a select on Done (the model has at most one)

    public Context(GoRuntime runtime, long deadline, Context? parent = null)
    {
        _runtime = runtime;
        Deadline = deadline;
        _parent = parent;
        if (runtime.Scheduler is not null)
        {
            _timed = true;
            Arm(runtime, deadline - runtime.Now);
        }
    }

    /// <summary><c>ctx.Deadline()</c>, absolute virtual time.</summary>
    public long Deadline { get; }

    /// <summary>When the context is known to have expired, for the waitlist's order-statistics tree: the deadline
    /// without a scheduler; with one, when the timer fired (never, until then).</summary>
    internal long ExpiresAt =>
        !_timed ? Deadline
        : _fired ? _firedAt
        : long.MaxValue;

    private long _firedAt;

    /// <summary>Told when the timer fires, so that a waitlist that lists this context's waiter can see it expired.</summary>
    internal Action<Context>? OnFire { get; set; }

    /// <summary>The waitlist element that waits under this context, for <see cref="OnFire"/>.</summary>
    internal object? Waiter { get; set; }

    /// <summary><c>context.WithTimeout(parent, d)</c>: a child whose deadline is the earlier of the parent's and
    /// now + <paramref name="timeout"/>, and which ends when its parent does.</summary>
    public Context WithTimeout(long timeout) => new(_runtime, Math.Min(Deadline, _runtime.Now + timeout), this);

    /// <summary><c>ctx.Err()</c>: nil (null) while the context is live.</summary>
    public GoError? Err()
    {
        if (_canceled)
            return Canceled;
        if (!_timed ? _runtime.Now >= Deadline : _fired)
            return DeadlineExceeded;
        return _parent?.Err();
    }

    /// <summary>True when <c>ctx.Err() != nil</c>.</summary>
    public bool Expired => Err() is not null;

    /// <summary>The <c>cancel</c> func, as a request runs it (<c>defer cancel()</c>) when it ends: it stops the timer.
    /// After the context expired, it stays <see cref="DeadlineExceeded"/>.</summary>
    public void Cancel()
    {
        if (Expired)
            return;
        _canceled = true;
        Stop();
        // A stopped timer stays queued until its instant (Go's deleted timers do too): what it would have told
        // goes now, so that a canceled context does not keep its waiter, and through it a finished goroutine, alive.
        OnFire = null;
        Waiter = null;
        _doneWaiter = null;
    }

    /// <summary>The goroutine <c>time.AfterFunc</c> starts when the deadline's timer fires (src/time/sleep.go,
    /// <c>goFunc</c>: <c>go f()</c>): it is counted here until it has run.</summary>
    public static readonly Site AfterFuncSite = new(
        "context timer",
        "a context's deadline timer fired: the goroutine time.AfterFunc starts, to cancel it"
    );

    /// <summary>The timer fired. With lagging timers, as in Go: <c>time.AfterFunc</c>'s timer starts a goroutine
    /// (in the runnext of the processor that ran the timer) and the context expires only when that goroutine runs;
    /// so Err turns non-nil when Done's waiter is about to be readied, not when the timer is run. Otherwise the
    /// context expires at once.</summary>
    private protected override void Fired(Processor? p)
    {
        if (_runtime.Settings.Scheduler.TimerLags && _runtime.Scheduler is not null)
        {
            _runtime.Go(AfterFunc, AfterFuncSite, null, p);
            return;
        }
        Expire(p);
    }

    /// <summary>goFunc's goroutine: <c>cancel(DeadlineExceeded)</c>, which costs its processor
    /// <see cref="RuntimeSettings.ContextExpiry"/> before Done's waiter is readied.</summary>
    private IEnumerable<Wait> AfterFunc(Goroutine g)
    {
        var cost = _runtime.Settings.ContextExpiry;
        if (cost > 0)
            yield return g.Compute(AfterFuncSite, cost);
        Expire(null);
    }

    /// <summary><c>cancel(DeadlineExceeded)</c>, which closes Done; nothing if the request canceled first.</summary>
    private void Expire(Processor? p)
    {
        if (_canceled)
            return;
        _fired = true;
        _firedAt = _runtime.Now;
        OnFire?.Invoke(this);
        if (_doneWaiter is { } g)
        {
            _doneWaiter = null;
            _runtime.Scheduler!.Ready(g, p);
        }
    }

    /// <summary>Parks <paramref name="g"/> in a select on <c>ctx.Done()</c> (and whatever else the select waits on):
    /// the park ends when another case readies it, or when Done is closed.</summary>
    internal Wait ParkOnDone(Goroutine g, Site site)
    {
        if (!_timed)
            return g.ParkUntil(site, Deadline);
        _doneWaiter = g;
        return g.Park(site);
    }

    /// <summary>The select that parked on Done was won by another case: Done no longer wakes it.</summary>
    internal void LeaveDone(Goroutine g)
    {
        if (ReferenceEquals(_doneWaiter, g))
            _doneWaiter = null;
    }
}
