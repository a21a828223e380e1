using StallSim.PoolModel.Go;
using StallSim.PoolModel.Waitlist;

namespace StallSim.PoolModel;

/// <summary>
/// A costs profile, as <c>stallsim calibrate</c> measures it on one machine (the twin's micro-benchmarks,
/// docs/model.md#costs): what it holds, what the model derives from it, and how it becomes the runtime's and the
/// waitlist's costs. The command line only reads the file into this record.
/// </summary>
public sealed record CostsProfile
{
    /// <summary>Lock, PushBack, Unlock (and the same to unlink), uncontended.</summary>
    public required long ListPush { get; init; }

    /// <summary>One element of a walk of the list, by the list's length, its nodes as a pool under load has them (warm).</summary>
    public required ScanCost ScanPerElement { get; init; }

    /// <summary>The same with every node out of the caches (cold), when the profile measured it.</summary>
    public ScanCost? ScanPerElementCold { get; init; }

    /// <summary><c>ctx.Err()</c> on a live context.</summary>
    public required long CtxCheck { get; init; }

    /// <summary>An uncontended sync.Mutex Lock and Unlock.</summary>
    public required long LockUnlock { get; init; }

    /// <summary>A cache line written on one processor, read on another.</summary>
    public required long LineTransfer { get; init; }

    /// <summary>The sender's side of a send that readies a parked receiver.</summary>
    public required long ChanSend { get; init; }

    /// <summary>A send readying a parked receiver, to it running.</summary>
    public required long ChanWake { get; init; }

    /// <summary>What calibrate's starving_handoff benchmark timed (in profiles before 2026-11-27, an uncontended re-lock).</summary>
    public required long StarvingHandoff { get; init; }

    /// <summary>An idle poller waking for a timer, late by.</summary>
    public required long NetpollSlack { get; init; }

    /// <summary>A goroutine readied while its P stays busy, to it running on an idle P.</summary>
    public required long IdleWakeup { get; init; }

    /// <summary>The tablet's own work per request before it asks the pool.</summary>
    public required long Request { get; init; }

    /// <summary>A processor's switch between goroutines, when measured (profiles since 2026-11-27).</summary>
    public long? Switch { get; init; }

    /// <summary>A context's expiry on its processor (time.AfterFunc's goroutine); 0 in a profile that predates it.</summary>
    public long ContextExpiry { get; init; }

    /// <summary>GOMAXPROCS of the machine it was measured on.</summary>
    public required int Gomaxprocs { get; init; }

    /// <summary>"NAME: measured on CPU, GOMAXPROCS n, go, date", for every report.</summary>
    public string MeasuredOn { get; init; } = "";

    /// <summary>
    /// Derived: semrelease1's window in a starvation-mode hand-off (src/runtime/sema.go), from its <c>Xadd</c> of the
    /// count to its <c>cansemacquire</c>, by the number of goroutines queued on the semaphore. In it the releaser
    /// reads <c>root.nwait</c> and takes and drops <c>root.lock</c> (one uncontended lock and unlock), on a line the
    /// last goroutine to queue wrote from its processor (one line transfer); <c>root.dequeue</c> reads the head's
    /// sudog, whose <c>waittail</c> that goroutine also wrote (another line transfer), and rewrites the next waiter's
    /// sudog. That sudog was last touched when the goroutine behind it queued, and in a convoy of thousands of
    /// goroutines it has left the caches as a node of a long list has: one element of the cold walk at that length
    /// (the warm walk's when the profile has none). Contention for root.lock is not counted.
    /// </summary>
    public ScanCost SemaWindow
    {
        get
        {
            var fixedPart = LockUnlock + 2 * LineTransfer;
            var miss = ScanPerElementCold ?? ScanPerElement;
            return new ScanCost([.. miss.Points.Select(p => (p.Length, p.Nanos + fixedPart))]);
        }
    }

    /// <summary>Derived: a request that Get served late only checks its context and returns.</summary>
    public long DeadRequest => CtxCheck;

    /// <summary>The switch; a profile written before calibrate measured it stands the hand-off in for it.</summary>
    public long SwitchOrStandIn => Switch ?? StarvingHandoff;

    /// <summary>The waitlist's costs.</summary>
    public CodeCosts Costs() =>
        new()
        {
            ListPush = ListPush,
            ScanPerElement = ScanPerElement,
            CtxCheck = CtxCheck,
            ChanSend = ChanSend,
            DeadRequest = DeadRequest,
            Request = Request,
        };

    /// <summary><paramref name="runtime"/>'s switches with these latencies and this machine's processors.</summary>
    public RuntimeSettings Runtime(RuntimeSettings runtime) =>
        runtime with
        {
            MutexHandoff = StarvingHandoff,
            SemaWindow = SemaWindow,
            Wake = ChanWake,
            Procs = Gomaxprocs,
            Scheduler = runtime.Scheduler with { Switch = SwitchOrStandIn, Wakeup = IdleWakeup, PollSlack = NetpollSlack },
            ContextExpiry = ContextExpiry,
        };

    /// <summary>The scenario with these costs as its waitlist's and its runtime's.</summary>
    public Scenario ApplyTo(Scenario s) => s with { Costs = Costs(), Runtime = Runtime(s.Runtime), CostsMeasuredOn = MeasuredOn };

    /// <summary>
    /// The profile stallsim ships (profiles/calibrated.yaml, which a scenario runs unless it names another), as the
    /// command line reads it: a <c>new Scenario()</c> runs these costs, so that what tests run is what users run.
    /// CostProfileFileTests checks that reading the file gives exactly this record.
    /// </summary>
    public static CostsProfile Shipped { get; } =
        new()
        {
            ListPush = 7,
            ScanPerElement = new ScanCost([(1000, 17), (2000, 9), (5000, 9), (10000, 9), (20000, 10), (50000, 11)]),
            ScanPerElementCold = new ScanCost([(1000, 24), (2000, 22), (5000, 44), (10000, 50), (20000, 65), (50000, 132)]),
            CtxCheck = 5,
            LockUnlock = 5,
            LineTransfer = 28,
            ChanSend = 240,
            ChanWake = 101,
            StarvingHandoff = 50,
            NetpollSlack = 86357,
            IdleWakeup = 59639,
            Request = 1910,
            Gomaxprocs = 2,
            MeasuredOn = "calibrated: measured on AMD EPYC, GOMAXPROCS 2, go1.19.8, 2026-11-27",
        };
}
