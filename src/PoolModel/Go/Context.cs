using StallSim.Engine;

namespace StallSim.PoolModel.Go;

/// <summary>
/// <c>context.WithDeadline(parent, d)</c> and its <c>cancel</c> (src/context/context.go): <see cref="Err"/>
/// is nil until the deadline, then <see cref="DeadlineExceeded"/>, or <see cref="Canceled"/> once
/// <see cref="Cancel"/> has run first. <c>ctx.Done()</c> is closed at the deadline: a goroutine parked in a
/// select on it (<see cref="Select"/>) is woken by its timer then. Here the timer fires at the deadline
/// exactly, so the park carries the deadline itself and the context needs no timer of its own.
/// </summary>
public sealed class Context(Simulation sim, long deadline, Context? parent = null)
{
    /// <summary><c>context.DeadlineExceeded</c>.</summary>
    public static readonly GoError DeadlineExceeded = new("context deadline exceeded");

    /// <summary><c>context.Canceled</c>.</summary>
    public static readonly GoError Canceled = new("context canceled");

    private bool _canceled;

    /// <summary><c>ctx.Deadline()</c>, absolute virtual time.</summary>
    public long Deadline { get; } = deadline;

    /// <summary><c>context.WithTimeout(parent, d)</c>: a child whose deadline is the earlier of the parent's and
    /// now + <paramref name="timeout"/>, and which ends when its parent does.</summary>
    public Context WithTimeout(long timeout) => new(sim, Math.Min(Deadline, sim.Now + timeout), this);

    /// <summary><c>ctx.Err()</c>: nil (null) while the context is live.</summary>
    public GoError? Err()
    {
        if (_canceled) return Canceled;
        if (sim.Now >= Deadline) return DeadlineExceeded;
        return parent?.Err();
    }

    /// <summary>True when <c>ctx.Err() != nil</c>.</summary>
    public bool Expired => Err() is not null;

    /// <summary>The <c>cancel</c> func, as a request runs it (<c>defer cancel()</c>) when it ends. After its
    /// deadline, the context stays <see cref="DeadlineExceeded"/>.</summary>
    public void Cancel()
    {
        if (sim.Now < Deadline) _canceled = true;
    }

    /// <summary>Parks <paramref name="g"/> in a select on <c>ctx.Done()</c> (and whatever else the select waits on):
    /// the park ends when another case readies it, or when Done is closed.</summary>
    internal Wait ParkOnDone(Goroutine g, Site site) => g.ParkUntil(site, Deadline);
}
