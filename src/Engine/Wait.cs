namespace StallSim.Engine;

/// <summary>
/// What a process yields: the condition under which it wants to be resumed. A value type, so that
/// yielding allocates nothing. Build one with the static factories:
/// <c>yield return Wait.For(delay)</c>, <c>Wait.On(ev)</c>, <c>Wait.AnyOf(a, b, c)</c>,
/// <c>Wait.OnOrTimeout(ev, delay)</c>, <c>resource.Request()</c>, <c>Wait.On(process)</c>.
/// When the process resumes, <see cref="Process.ResumedBy"/> names the event that won (null for a delay
/// or a resource grant).
/// </summary>
public readonly struct Wait
{
    internal readonly long Delay;          // -1: no delay
    internal readonly SimEvent? First;
    internal readonly SimEvent? Second;
    internal readonly SimEvent? Third;
    internal readonly Resource? Resource;

    private Wait(long delay, SimEvent? first, SimEvent? second, SimEvent? third, Resource? resource)
    {
        Delay = delay;
        First = first;
        Second = second;
        Third = third;
        Resource = resource;
    }

    /// <summary>Resume after <paramref name="delay"/> nanoseconds (0 = after everything already due now).</summary>
    public static Wait For(long delay)
    {
        if (delay < 0) throw new ArgumentOutOfRangeException(nameof(delay), delay, "a delay cannot be negative");
        return new Wait(delay, null, null, null, null);
    }

    /// <summary>Resume when the event is processed (at once if it already was).</summary>
    public static Wait On(SimEvent ev) => new(-1, ev ?? throw new ArgumentNullException(nameof(ev)), null, null, null);

    /// <summary>Resume when the process has finished.</summary>
    public static Wait On(Process process) => On((process ?? throw new ArgumentNullException(nameof(process))).Done);

    /// <summary>Resume once, when the first of the events is processed; the others are forgotten.</summary>
    public static Wait AnyOf(SimEvent a, SimEvent b, SimEvent? c = null) =>
        new(-1, a ?? throw new ArgumentNullException(nameof(a)), b ?? throw new ArgumentNullException(nameof(b)), c, null);

    /// <summary>Resume when the event is processed or the delay has passed, whichever is first.
    /// <see cref="Process.ResumedBy"/> is null when the delay won.</summary>
    public static Wait OnOrTimeout(SimEvent ev, long delay)
    {
        if (delay < 0) throw new ArgumentOutOfRangeException(nameof(delay), delay, "a delay cannot be negative");
        return new Wait(delay, ev ?? throw new ArgumentNullException(nameof(ev)), null, null, null);
    }

    /// <summary>Suspend until another process calls <see cref="Process.Activate"/> (SimPy's passivate).
    /// Any wait can also be cut short by Activate.</summary>
    public static Wait Passivate() => new(-1, null, null, null, null);

    internal bool IsPassivate => Delay < 0 && First is null && Resource is null;

    internal static Wait Acquire(Resource resource) => new(-1, null, null, null, resource);
}
