namespace StallSim.Engine;

/// <summary>
/// What a process yields: the condition under which it wants to be resumed. A 16-byte value type, so that
/// yielding allocates nothing and nested iterators copy little. Build one with the static factories:
/// <c>yield return Wait.For(delay)</c>, <c>Wait.On(ev)</c>, <c>Wait.AnyOf(a, b, c)</c>,
/// <c>Wait.OnOrTimeout(ev, delay)</c>, <c>Wait.Passivate()</c>, <c>Wait.Park(delay)</c>, <c>Wait.Continue</c>,
/// <c>resource.Request()</c>, <c>Wait.On(process)</c>.
/// When the process resumes, <see cref="Process.ResumedBy"/> names the event that won (null for a delay,
/// an activation or a resource grant), and after a park <see cref="Process.DeadlineWon"/> says whether the
/// deadline or a waker ended it.
/// </summary>
public readonly struct Wait
{
    /// <summary>Nanoseconds to wait, or -1 for no delay.</summary>
    internal readonly long Delay;

    /// <summary>null (a delay, or passivate), a <see cref="SimEvent"/>, a <see cref="SimEvent"/>[] (the first of
    /// several), a <see cref="Engine.Resource"/>, <see cref="ParkMarker"/> or <see cref="ContinueMarker"/>.</summary>
    internal readonly object? Target;

    internal static readonly object ParkMarker = new();
    internal static readonly object ContinueMarker = new();

    private Wait(long delay, object? target)
    {
        Delay = delay;
        Target = target;
    }

    /// <summary>Resume after <paramref name="delay"/> nanoseconds (0 = after everything already due now).</summary>
    public static Wait For(long delay)
    {
        if (delay < 0)
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "a delay cannot be negative");
        return new Wait(delay, null);
    }

    /// <summary>Resume when the event is processed (at once if it already was).</summary>
    public static Wait On(SimEvent ev) => new(-1, ev ?? throw new ArgumentNullException(nameof(ev)));

    /// <summary>Resume when the process has finished.</summary>
    public static Wait On(Process process) => On((process ?? throw new ArgumentNullException(nameof(process))).Done);

    /// <summary>Resume once, when the first of the events is processed; the others are forgotten.</summary>
    public static Wait AnyOf(SimEvent a, SimEvent b, SimEvent? c = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new Wait(-1, c is null ? new[] { a, b } : new[] { a, b, c });
    }

    /// <summary>Resume when the event is processed or the delay has passed, whichever is first.
    /// <see cref="Process.ResumedBy"/> is null when the delay won.</summary>
    public static Wait OnOrTimeout(SimEvent ev, long delay)
    {
        if (delay < 0)
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "a delay cannot be negative");
        return new Wait(delay, ev ?? throw new ArgumentNullException(nameof(ev)));
    }

    /// <summary>Suspend until another process calls <see cref="Process.Activate"/> (SimPy's passivate).
    /// Any wait can also be cut short by Activate.</summary>
    public static Wait Passivate() => new(-1, null);

    /// <summary>Park: suspend until a waker takes the process (<see cref="Process.Claim"/>, then
    /// <see cref="Process.Activate"/> when it is to run), or until <paramref name="delay"/> has passed, whichever
    /// comes first; <see cref="Process.DeadlineWon"/> then says which. Exactly one of them wins: a claim after
    /// the deadline fails, and a deadline after a claim is dropped. A negative delay parks with no deadline.</summary>
    public static Wait Park(long delay) => new(delay, ParkMarker);

    /// <summary>Do not suspend: the process goes on at once, with no queue entry. For a step that may or may
    /// not block depending on the model's settings (a yield that one runtime makes and another does not).</summary>
    public static Wait Continue => new(-1, ContinueMarker);

    internal static Wait Acquire(Resource resource) => new(-1, resource);
}
