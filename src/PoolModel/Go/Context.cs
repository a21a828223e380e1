using StallSim.Engine;

namespace StallSim.PoolModel.Go;

/// <summary>
/// A <c>context.WithDeadline</c> (MODEL.md 8.4): <see cref="Done"/> is a channel closed by a timer at the
/// deadline, which wakes a goroutine parked in a select on it, and <see cref="Err"/> is non-nil from the
/// deadline on. <see cref="Cancel"/> is the <c>defer cancel()</c> that stops the timer when the request ends.
/// The timer is armed the first time a goroutine selects on Done: most requests never park on it, and a
/// timer nobody waits for changes nothing.
/// </summary>
public sealed class Context(Simulation sim, long deadline)
{
    private SimEvent? _done;

    public long Deadline { get; } = deadline;

    public SimEvent Done => _done ??= sim.Timeout(Math.Max(0, Deadline - sim.Now));

    /// <summary>True when <c>ctx.Err() != nil</c>: the deadline has passed.</summary>
    public bool Err() => sim.Now >= Deadline;

    public void Cancel() => _done?.Cancel();
}
