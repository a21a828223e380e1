namespace StallSim.PoolModel.Go;

/// <summary>
/// A P of Go's scheduler (src/runtime/runtime2.go, <c>type p</c>): the goroutine it runs, <c>runnext</c> (the
/// goroutine it runs next, which inherits the time slice), its local run queue (a ring of 256), and what it
/// needs for fairness and preemption, and, with per-P timers, the timers its goroutines armed (<c>p.timers</c>).
/// </summary>
internal sealed class Processor(int id)
{
    public const int LocalCapacity = 256;

    public int Id { get; } = id;

    /// <summary>The goroutine on this P, running or about to (its switch in progress); null when it schedules.</summary>
    public Goroutine? Current { get; set; }

    public Goroutine? RunNext { get; set; }

    public Deque<Goroutine> Local { get; } = new();

    /// <summary>The timers armed by goroutines running on this P (<c>addtimer</c> adds to the current P's heap); used
    /// with <see cref="SchedulerSettings.PerProcessorTimers"/>.</summary>
    public TimerQueue Timers { get; } = new();

    /// <summary>Incremented by every <c>execute</c> that does not inherit the time slice (<c>schedtick</c>).</summary>
    public long SchedTick { get; set; }

    /// <summary>When the current time slice began (<c>schedwhen</c>).</summary>
    public long SliceStart { get; set; }

    /// <summary>Idle: no goroutine to run, its thread asleep (in the network poller or on its futex).</summary>
    public bool Idle { get; set; } = true;

    /// <summary>An idle P that was woken (<c>wakep</c>) and will look for work when its thread runs.</summary>
    public bool Waking { get; set; }

    public bool HasWork => RunNext is not null || Local.Count > 0;
}
