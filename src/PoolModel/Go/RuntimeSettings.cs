using StallSim.Engine;

namespace StallSim.PoolModel.Go;

/// <summary>
/// The Go runtime of a simulated process (docs/model.md#the-scheduler). With <see cref="Procs"/> = 0 there is
/// no scheduler: every readied goroutine runs after a fixed latency, <see cref="Wake"/> after a channel send or
/// a timer and <see cref="MutexHandoff"/> after an Unlock. With <see cref="Procs"/> ≥ 1, GOMAXPROCS processors
/// run the goroutines as Go's scheduler does (<see cref="Scheduler"/>), and those two latencies are not used.
/// Latencies are measured (a costs profile sets them; a scenario runs the shipped one by default) and 0 until
/// given; the thresholds that Go's source fixes keep its values.
/// </summary>
public sealed record RuntimeSettings
{
    /// <summary>sync.Mutex starvationThresholdNs (src/sync/mutex.go): 1 ms.</summary>
    public long StarvationThreshold { get; init; } = Units.Millisecond;

    /// <summary>Without a scheduler: from Unlock to the next owner (or woken waiter) running.</summary>
    public long MutexHandoff { get; init; }

    /// <summary>The runtime semaphore's count goes to whichever goroutine reaches <c>semacquire1</c> first, as in Go
    /// (src/runtime/sema.go); false: a release's count belongs to the waiter it readies, and a starvation-mode
    /// hand-off is atomic.</summary>
    public bool SemaphoreRace { get; init; } = true;

    /// <summary>semrelease1 in a starvation-mode hand-off, from its <c>Xadd</c> of the count to its
    /// <c>cansemacquire</c> (lock(&amp;root.lock), root.dequeue, unlock), by the number of goroutines queued on the
    /// semaphore. A goroutine arriving at Lock meanwhile takes the count. Derived from measured costs
    /// (docs/model.md#the-semaphore-queue).</summary>
    public ScanCost SemaWindow { get; init; } = ScanCost.Constant(0);

    /// <summary>Without a scheduler: from a channel send (or a timer) to the readied goroutine running.</summary>
    public long Wake { get; init; }

    /// <summary>With a scheduler whose timers lag: what the goroutine <c>time.AfterFunc</c> starts for a context's
    /// deadline costs its processor before the context's waiter is readied (src/time/sleep.go <c>goFunc</c>, then
    /// src/context/context.go <c>cancelCtx.cancel</c>: the context's lock, closing Done, readying the goroutine
    /// parked on it). Measured (<c>ctx_expire</c>); none when the profile predates that measurement.</summary>
    public long ContextExpiry { get; init; }

    /// <summary>GOMAXPROCS: processors that run goroutines; 0 runs every goroutine at once (no scheduler).</summary>
    public int Procs { get; init; }

    public SchedulerSettings Scheduler { get; init; } = new();
}

/// <summary>
/// Go's scheduler (src/runtime/proc.go), each mechanism behind a switch so that an ablation can tell which
/// matter, with its latencies (measured: docs/model.md#costs).
/// </summary>
public sealed record SchedulerSettings
{
    /// <summary>From a processor picking a goroutine to it running (<c>execute</c>, <c>gogo</c>).</summary>
    public long Switch { get; init; }

    /// <summary>From a goroutine made runnable while a processor is idle, to that processor looking for work
    /// (<c>wakep</c>, <c>startm</c>: a thread woken from its futex).</summary>
    public long Wakeup { get; init; }

    /// <summary>What starting a goroutine adds to <see cref="Switch"/> when it is one of this many live goroutines, each
    /// of which last ran long ago: its g, its stack and what it waits on have left the caches. Measured (calibrate's
    /// <c>resume_hop</c> less its fewest goroutines' hop); none in a profile that predates it.</summary>
    public ScanCost? ColdSwitch { get; init; }

    /// <summary>Starting a goroutine costs <see cref="ColdSwitch"/> beyond the switch, by the live goroutines.</summary>
    public bool ColdSwitches { get; init; } = true;

    /// <summary>How late the kernel wakes the network poller's thread after its epoll_wait timeout (the timer slack
    /// and the thread's wake-up).</summary>
    public long PollSlack { get; init; }

    /// <summary><c>forcePreemptNS</c>: a goroutine (or a chain that inherits its time slice) running this long is
    /// preempted by sysmon.</summary>
    public long TimeSlice { get; init; } = 10 * Units.Millisecond;

    /// <summary>Per-processor run queues (runnext, a local FIFO of 256, the global queue, stealing); off: one
    /// global FIFO that every processor takes from.</summary>
    public bool PerProcessorQueues { get; init; } = true;

    /// <summary>The unlocker yields its processor after a starvation-mode hand-off (<c>semrelease1</c> →
    /// <c>goyield</c>), and the returner calls <c>runtime.Gosched</c> after its hand-off (waitlist.go's runtime.Gosched()).</summary>
    public bool Yields { get; init; } = true;

    /// <summary>Timers fire when a processor next schedules, or when the network poller's thread wakes (by netpoll's
    /// millisecond rule, <see cref="PollSlack"/> late), not at their instant; a context's Err and Done follow its
    /// timer.</summary>
    public bool TimerLags { get; init; } = true;

    /// <summary>With <see cref="TimerLags"/>: each P keeps the timers its goroutines arm (src/runtime/time.go
    /// <c>addtimer</c>) and fires only its own when it schedules (<c>checkTimers</c>); another P's due timers run only
    /// when a P that found nothing else to run steals (proc.go <c>stealWork</c>), or when the network poller's thread
    /// wakes for them. Off: one list that every P fires from. Off by default (docs/model.md#the-scheduler says why).</summary>
    public bool PerProcessorTimers { get; init; }

    /// <summary>sysmon preempts a goroutine that has run for <see cref="TimeSlice"/>.</summary>
    public bool Preemption { get; init; } = true;
}
