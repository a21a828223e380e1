using StallSim.Engine;

namespace StallSim.PoolModel.Go;

/// <summary>
/// A goroutine: a simulation process plus the place it is at (<see cref="Site"/>), which is what a
/// goroutine dump shows. A goroutine parks at a site and is readied by another goroutine (or a timer);
/// it then runs after the scheduler's wake latency. Parking is one reusable event, so blocking allocates
/// nothing.
/// </summary>
public sealed class Goroutine : IProcessOwner
{
    private readonly GoRuntime _runtime;
    private bool _parked;
    private long _runsAt;

    internal Goroutine(GoRuntime runtime, BlockingSite site)
    {
        _runtime = runtime;
        Site = site;
    }

    public Process Process { get; internal set; } = null!;

    internal int LiveIndex { get; set; }

    public BlockingSite Site { get; private set; }

    /// <summary>What the goroutine works for (a request), for whoever needs to find it again.</summary>
    public object? Owner { get; set; }

    public bool IsAlive => LiveIndex >= 0;

    // Go's lockSlow keeps these in locals; a goroutine waits on one mutex at a time, so they live here.
    internal long MutexWaitStart { get; set; } = -1;
    internal bool MutexWoken { get; set; }

    public long Now => _runtime.Now;

    void IProcessOwner.Finished(Process process) => _runtime.Exit(this);

    /// <summary>Moves the goroutine to another site (running code that does not block, or about to block).</summary>
    public void At(BlockingSite site)
    {
        if (ReferenceEquals(site, Site)) return;
        if (IsAlive) _runtime.Move(Site, site);
        Site = site;
    }

    /// <summary>Parks at <paramref name="site"/> until <see cref="Ready"/>; yield the returned wait.</summary>
    public Wait Park(BlockingSite site)
    {
        At(site);
        _parked = true;
        return Wait.Passivate();
    }

    /// <summary>Parks like <see cref="Park"/>, but also resumes by itself at <paramref name="deadline"/>
    /// (a select with a ctx.Done case, whose timer fires at the deadline). After resuming, <see cref="IsParked"/>
    /// is still true when the deadline woke it, false when someone readied it.</summary>
    public Wait ParkUntil(BlockingSite site, long deadline)
    {
        At(site);
        _parked = true;
        return Wait.For(Math.Max(0, deadline - _runtime.Now));
    }

    /// <summary>True while parked and not yet readied.</summary>
    public bool IsParked => _parked;

    /// <summary>Makes a parked goroutine runnable; it resumes after <paramref name="latency"/>.</summary>
    public void Ready(long latency)
    {
        if (!_parked) throw new InvalidOperationException("ready of a goroutine that is not parked");
        _parked = false;
        _runsAt = _runtime.Now + latency;
        Process.Activate(latency);
    }

    /// <summary>The goroutine left its park by another case of a select (ctx.Done): nobody may ready it now.</summary>
    public void Unpark() => _parked = false;

    /// <summary>When a readied goroutine runs.</summary>
    internal long ReadiedRunsAt => _runsAt;

    /// <summary>Woken by a timer of its own (ctx.Done in a select): runnable now, running after the wake latency.</summary>
    public Wait WokenByTimer()
    {
        At(BlockingSite.Runnable);
        return Wait.For(_runtime.Costs.Wake);
    }

    /// <summary>Readied, but resumed early by another case that lost the race: wait out the rest of the
    /// scheduling latency it was readied with.</summary>
    public Wait UntilReadied()
    {
        At(BlockingSite.Runnable);
        return Wait.For(Math.Max(0, _runsAt - _runtime.Now));
    }

    /// <summary>Spends <paramref name="duration"/> of virtual time at <paramref name="site"/> (I/O, a critical section).</summary>
    public Wait Spend(BlockingSite site, long duration)
    {
        At(site);
        return Wait.For(duration);
    }
}
