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

    /// <summary>The same with every node out of the caches (cold).</summary>
    public required ScanCost ScanPerElementCold { get; init; }

    /// <summary>The same with the nodes among other requests' small objects in a large live heap, the GC running
    /// (heap), when the profile measured it (calibrate has since 2026-12-07, afternoon; the default profile predates it).</summary>
    public ScanCost? ScanPerElementHeap { get; init; }

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

    /// <summary>Starvation mode: from Unlock to the next owner running, with 1,000 goroutines queued.</summary>
    public required long StarvingHandoff { get; init; }

    /// <summary>An idle poller waking for a timer, late by.</summary>
    public required long NetpollSlack { get; init; }

    /// <summary>A goroutine readied while its P stays busy, to it running on an idle P.</summary>
    public required long IdleWakeup { get; init; }

    /// <summary>The tablet's own work per request before it asks the pool.</summary>
    public required long Request { get; init; }

    /// <summary>A processor's switch between two goroutines whose state is in the caches.</summary>
    public required long Switch { get; init; }

    /// <summary>A token's hop around a ring of goroutines, each parked on a channel of its own, by the ring's size
    /// (calibrate's resume_hop).</summary>
    public required ScanCost ResumeHop { get; init; }

    /// <summary>Derived: what a switch to one of N goroutines adds when they all last ran long ago: the hop at N less
    /// the hop among the fewest measured (whose state stays in the caches).</summary>
    public ScanCost ColdSwitch => new([.. ResumeHop.Points.Select(p => (p.Length, Math.Max(0, p.Nanos - ResumeHop.Points[0].Nanos)))]);

    /// <summary>A context's expiry on its processor (time.AfterFunc's goroutine).</summary>
    public required long ContextExpiry { get; init; }

    /// <summary>Each single-valued cost's range over calibrate's repeated measurements, by the profile's key (the value
    /// is their median); empty for a profile that does not give one.</summary>
    public IReadOnlyDictionary<string, (long Low, long High)> Spread { get; init; } = NoSpread;

    /// <summary>The spread of a profile that gives none: one instance, so that such profiles compare equal.</summary>
    public static readonly IReadOnlyDictionary<string, (long Low, long High)> NoSpread = new Dictionary<string, (long, long)>();

    /// <summary>GOMAXPROCS of the machine it was measured on.</summary>
    public required int Gomaxprocs { get; init; }

    /// <summary>The CPU model name of the machine it was measured on, as calibrate read it.</summary>
    public string Cpu { get; init; } = "";

    /// <summary>"NAME: measured on CPU, GOMAXPROCS n, go, date", for every report.</summary>
    public string MeasuredOn { get; init; } = "";

    /// <summary>
    /// Derived: semrelease1's window in a starvation-mode hand-off (src/runtime/sema.go), from its <c>Xadd</c> of the
    /// count to its <c>cansemacquire</c>, by the number of goroutines queued on the semaphore. In it the releaser
    /// reads <c>root.nwait</c> and takes and drops <c>root.lock</c> (one uncontended lock and unlock), on a line the
    /// last goroutine to queue wrote from its processor (one line transfer); <c>root.dequeue</c> reads the head's
    /// sudog, whose <c>waittail</c> that goroutine also wrote (another line transfer), and rewrites the next waiter's
    /// sudog. That sudog was last touched when the goroutine behind it queued, and in a convoy of thousands of
    /// goroutines it has left the caches as a node of a long list has: one element of the cold walk at that length.
    /// Contention for root.lock is not counted.
    /// </summary>
    public ScanCost SemaWindow
    {
        get
        {
            var fixedPart = LockUnlock + 2 * LineTransfer;
            return new ScanCost([.. ScanPerElementCold.Points.Select(p => (p.Length, p.Nanos + fixedPart))]);
        }
    }

    /// <summary>Derived: a request that Get served late only checks its context and returns.</summary>
    public long DeadRequest => CtxCheck;

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
            Scheduler = runtime.Scheduler with { Switch = Switch, ColdSwitch = ColdSwitch, Wakeup = IdleWakeup, PollSlack = NetpollSlack },
            ContextExpiry = ContextExpiry,
        };

    /// <summary>The scenario with these costs as its waitlist's and its runtime's.</summary>
    public Scenario ApplyTo(Scenario s) =>
        s with
        {
            Costs = Costs(),
            Runtime = Runtime(s.Runtime),
            CostsMeasuredOn = MeasuredOn,
            CostsCpu = Cpu,
        };

    /// <summary>
    /// The profile stallsim ships (profiles/calibrated.yaml, which a scenario runs unless it names another), as the
    /// command line reads it: a <c>new Scenario()</c> runs these costs, so that what tests run is what users run.
    /// CostProfileFileTests checks that reading the file gives exactly this record.
    /// </summary>
    public static CostsProfile Shipped { get; } =
        new()
        {
            ListPush = 7,
            ScanPerElement = new ScanCost([(1000, 11), (2000, 6), (5000, 6), (10000, 8), (20000, 10), (50000, 12)]),
            ScanPerElementCold = new ScanCost([(1000, 25), (2000, 20), (5000, 38), (10000, 45), (20000, 65), (50000, 125)]),
            CtxCheck = 5,
            LockUnlock = 5,
            LineTransfer = 40,
            ChanSend = 228,
            ChanWake = 107,
            StarvingHandoff = 842,
            NetpollSlack = 85064,
            IdleWakeup = 59279,
            Request = 1781,
            Switch = 36,
            ContextExpiry = 1345,
            ResumeHop = new ScanCost([(100, 130), (1000, 163), (10000, 742), (50000, 1105), (100000, 1320)]),
            Gomaxprocs = 2,
            Cpu = "AMD EPYC",
            MeasuredOn = "calibrated: measured on AMD EPYC, GOMAXPROCS 2, go1.19.8, 2026-12-07",
        };
}
