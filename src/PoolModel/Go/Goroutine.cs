using StallSim.Engine;

namespace StallSim.PoolModel.Go;

/// <summary>
/// A goroutine: a simulation process plus the place it is at (<see cref="Site"/>), which is what a
/// goroutine dump shows. The body of a goroutine is an iterator that yields what it waits for, through the
/// methods below: run code (<see cref="Compute"/>), block outside the runtime's queues (<see cref="Block"/>:
/// I/O, a sleep), park until another goroutine readies it (<see cref="Park"/>; the waker calls
/// <see cref="GoRuntime.Ready"/>), or give up its processor (<see cref="Gosched"/>). Every step names its site,
/// so the census always knows where each goroutine is; a goroutine waiting for a processor is at
/// <see cref="Site.Runnable"/>. A goroutine is its own simulation process, so that one parked is one object.
/// </summary>
public sealed class Goroutine : Process
{
    private readonly GoRuntime _runtime;
    private Site? _leftSite; // the site it was at when it became runnable, for a preempted computation
    private WakeTimer? _timer; // made the first time it sleeps or blocks: a goroutine parked in a select has none

    internal Goroutine(GoRuntime runtime, Site site)
        : base(runtime.Sim)
    {
        _runtime = runtime;
        Site = site;
    }

    /// <summary>The runtime it runs in: whoever readies it (a channel, a mutex) readies it there.</summary>
    internal GoRuntime Runtime => _runtime;

    internal int LiveIndex { get; set; }

    public Site Site { get; private set; }

    /// <summary>What the goroutine works for (a request), for whoever needs to find it again.</summary>
    public object? Owner { get; set; }

    /// <summary>In the runtime's list of live goroutines (and counted at its site): until the runtime's exit for it.</summary>
    internal bool Listed => LiveIndex >= 0;

    // Go's lockSlow and semacquire1 keep these in locals; a goroutine waits on one mutex at a time, so they live here.
    internal long MutexWaitStart { get; set; } = -1; // lockSlow's waitStartTime (-1: 0 in Go, not yet queued)
    internal bool MutexStarving { get; set; } // lockSlow's starving
    internal bool MutexAwoke { get; set; } // lockSlow's awoke
    internal bool SemaParked { get; set; } // parked in semacquire1 (goparkunlock); a Lock call resumes there
    internal bool SemaLifo { get; set; } // semacquire1's lifo: where it queues again
    internal bool SemaTicket { get; set; } // sudog.ticket: a hand-off gave it the count

    /// <summary>With a scheduler: the processor it runs on, or null while it waits.</summary>
    internal Processor? P { get; set; }

    /// <summary>With a scheduler: the rest of a computation that preemption cut short.</summary>
    internal long ComputeLeft { get; set; }

    public long Now => _runtime.Now;

    protected override void OnFinished() => _runtime.Exit(this);

    /// <summary>Parked for good: only now does it give up its processor, so that nothing can ready it before it is
    /// claimable (a timer the processor fires while it schedules, say).</summary>
    protected override void OnParked() => _runtime.Scheduler?.Release(this);

    /// <summary>Moves the goroutine to another site (running code that does not block, or about to block).</summary>
    public void At(Site site)
    {
        if (ReferenceEquals(site, Site))
            return;
        if (Listed)
            _runtime.Move(Site, site);
        Site = site;
    }

    internal void MarkRunnable()
    {
        _leftSite = Site;
        At(Site.Runnable);
    }

    /// <summary>A processor took it; <paramref name="running"/>: it goes on with a computation preemption cut.</summary>
    internal void Resumed(bool running)
    {
        if (running && _leftSite is not null)
            At(_leftSite);
    }

    /// <summary><c>gopark</c> at <paramref name="site"/>: waits until a waker readies it.</summary>
    public Wait Park(Site site)
    {
        At(site);
        return Wait.Park(-1);
    }

    /// <summary>Without a scheduler: parks like <see cref="Park"/>, and a timer of its own also ends the park at
    /// <paramref name="deadline"/>; after resuming, <see cref="TimedOut"/> says which came first.</summary>
    public Wait ParkUntil(Site site, long deadline)
    {
        At(site);
        return Wait.Park(Math.Max(0, deadline - _runtime.Now));
    }

    /// <summary>The last <see cref="ParkUntil"/> ended at its deadline, not by a waker.</summary>
    public bool TimedOut => DeadlineWon;

    /// <summary>Without a scheduler: woken by its own timer, runnable now, running after the wake latency.</summary>
    public Wait AfterTimer()
    {
        At(Site.Runnable);
        return Wait.For(_runtime.Settings.Wake);
    }

    /// <summary>Arms its own runtime timer (a sleep's, I/O's, <see cref="GoRuntime.ReadyAfter"/>'s): it has at most one
    /// armed at a time, and keeps it for the next.</summary>
    internal void ArmTimer(long delay) => (_timer ??= new WakeTimer(this)).Arm(_runtime, delay);

    /// <summary>A goroutine's own timer readies it, into the runnext of the processor that runs the timer.</summary>
    private sealed class WakeTimer(Goroutine g) : Timer
    {
        private protected override void Fired(Processor? p) => g._runtime.Scheduler!.Ready(g, p);
    }

    /// <summary>Runs code for <paramref name="cpu"/> nanoseconds at <paramref name="site"/> (a critical section, a
    /// failing request), on its processor when there is a scheduler.</summary>
    public Wait Compute(Site site, long cpu)
    {
        At(site);
        return _runtime.Scheduler is { } s ? s.Compute(this, cpu) : Wait.For(cpu);
    }

    /// <summary>Blocked for <paramref name="duration"/> outside the runtime's own queues: network I/O, dialing, a
    /// sleep. With a scheduler it gives up its processor, and a timer readies it (late, if timers lag).</summary>
    public Wait Block(Site site, long duration)
    {
        At(site);
        if (_runtime.Scheduler is null)
            return Wait.For(duration);
        ArmTimer(duration);
        return Wait.Park(-1);
    }

    /// <summary><c>runtime.Gosched()</c>: with a scheduler that yields, to the global queue until a processor takes
    /// it again; otherwise it goes on.</summary>
    public Wait Gosched() =>
        _runtime.Scheduler is { } s && _runtime.Settings.Scheduler.Yields ? s.Yield(this, toGlobal: true) : Wait.Continue;
}
