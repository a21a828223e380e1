using StallSim.Engine;

namespace StallSim.PoolModel.Go;

/// <summary>
/// A goroutine: a simulation process plus the place it is at (<see cref="Site"/>), which is what a
/// goroutine dump shows. The body of a goroutine is an iterator that yields what it waits for, through the
/// methods below: run code (<see cref="Compute"/>), block outside the runtime (<see cref="Block"/>: I/O, a
/// sleep), or park until another goroutine readies it (<see cref="Park"/>, <see cref="ParkUntil"/>; the
/// waker calls <see cref="GoRuntime.Ready"/>). Every blocking step names its site, so the census always
/// knows where each goroutine is.
/// </summary>
public sealed class Goroutine : IProcessOwner
{
    private readonly GoRuntime _runtime;

    internal Goroutine(GoRuntime runtime, Site site)
    {
        _runtime = runtime;
        Site = site;
    }

    public Process Process { get; internal set; } = null!;

    internal int LiveIndex { get; set; }

    public Site Site { get; private set; }

    /// <summary>What the goroutine works for (a request), for whoever needs to find it again.</summary>
    public object? Owner { get; set; }

    public bool IsAlive => LiveIndex >= 0;

    // Go's lockSlow keeps these in locals; a goroutine waits on one mutex at a time, so they live here.
    internal long MutexWaitStart { get; set; } = -1;
    internal bool MutexWoken { get; set; }

    public long Now => _runtime.Now;

    void IProcessOwner.Finished(Process process) => _runtime.Exit(this);

    /// <summary>Moves the goroutine to another site (running code that does not block, or about to block).</summary>
    public void At(Site site)
    {
        if (ReferenceEquals(site, Site)) return;
        if (IsAlive) _runtime.Move(Site, site);
        Site = site;
    }

    /// <summary><c>gopark</c> at <paramref name="site"/>: waits until a waker readies it.</summary>
    public Wait Park(Site site)
    {
        At(site);
        return Wait.Park(-1);
    }

    /// <summary>Parks like <see cref="Park"/>, and a timer of its own also ends the park at
    /// <paramref name="deadline"/>; after resuming, <see cref="TimedOut"/> says which came first.</summary>
    public Wait ParkUntil(Site site, long deadline)
    {
        At(site);
        return Wait.Park(Math.Max(0, deadline - _runtime.Now));
    }

    /// <summary>The last <see cref="ParkUntil"/> ended at its deadline, not by a waker.</summary>
    public bool TimedOut => Process.DeadlineWon;

    /// <summary>Woken by its own timer: runnable now, running after the runtime's wake latency.</summary>
    public Wait AfterTimer()
    {
        At(Site.Runnable);
        return Wait.For(_runtime.Settings.Wake);
    }

    /// <summary>Runs code for <paramref name="cpu"/> nanoseconds at <paramref name="site"/> (a critical section, a
    /// failing request).</summary>
    public Wait Compute(Site site, long cpu)
    {
        At(site);
        return Wait.For(cpu);
    }

    /// <summary>Blocked for <paramref name="duration"/> outside the runtime's own queues: network I/O, dialing, a
    /// sleep between a worker's passes.</summary>
    public Wait Block(Site site, long duration)
    {
        At(site);
        return Wait.For(duration);
    }
}
