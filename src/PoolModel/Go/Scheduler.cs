using StallSim.Engine;

namespace StallSim.PoolModel.Go;

/// <summary>
/// Go's scheduler (src/runtime/proc.go), for <see cref="RuntimeSettings.Procs"/> ≥ 1: GOMAXPROCS processors, each
/// running one goroutine at a time. A goroutine made runnable (<c>goready</c>, <c>newproc</c>) goes to the
/// readying P's <c>runnext</c>, bumping the one there to the tail of its local queue (<c>runqput</c>), which
/// overflows by halves into the global queue (<c>runqputslow</c>); an idle P is woken to look for it
/// (<c>wakep</c>). A P that needs work (<c>schedule</c> → <c>findRunnable</c>) first fires its due timers
/// (<c>checkTimers</c>), then takes one goroutine from the global queue every 61st tick, then its runnext (which
/// inherits the time slice), its local queue, a batch from the global queue (<c>globrunqget</c>), and finally
/// steals half of another P's local queue (<c>runqsteal</c>). A goroutine that runs a slice of 10 ms, inherited
/// slices included, is preempted to the global queue (sysmon's <c>retake</c>). An idle P sleeps in the network
/// poller until its next timer, by netpoll's millisecond rule.
/// With per-P timers, a P fires only its own timers and steals the due ones of others when it finds nothing else.
/// Not modelled: the 3 µs wait before stealing a running P's
/// runnext (it is never stolen), GC and its assist work, and threads beyond the Ps (syscalls do not block a P).
/// </summary>
internal sealed partial class Scheduler : IEventTarget
{
    private const int KindWake = 0;
    private const int KindPreempt = 1;

    private readonly GoRuntime _rt;
    private readonly SchedulerSettings _s;
    private readonly Processor[] _ps;
    private readonly Deque<Goroutine> _global = new();
    private readonly long[] _preemptGeneration;
    private int _stealFrom;
    private bool _dead;

    public Scheduler(GoRuntime runtime, int procs, SchedulerSettings settings)
    {
        _rt = runtime;
        _s = settings;
        _ps = [.. Enumerable.Range(0, procs).Select(i => new Processor(i))];
        _preemptGeneration = new long[procs];
    }

    private long Now => _rt.Now;

    /// <summary>Runnable goroutines waiting for a P.</summary>
    public int Runnable => _global.Count + _ps.Sum(p => p.Local.Count + (p.RunNext is null ? 0 : 1));

    /// <summary>The P of the goroutine whose code runs now, if any.</summary>
    private Processor? CurrentP => (_rt.Sim.ActiveProcess as Goroutine)?.P;

    /// <summary><c>newproc</c> from a running goroutine (runnext of its P), or a goroutine the network hands in
    /// (the global queue).</summary>
    public void Spawn(Goroutine g, Processor? on = null) => MakeRunnable(g, on ?? CurrentP, next: true);

    /// <summary><c>goready</c>: true when <paramref name="g"/> was parked and is runnable now.</summary>
    public bool Ready(Goroutine g, Processor? on = null)
    {
        if (!g.Claim())
            return false;
        MakeRunnable(g, on ?? CurrentP, next: true);
        return true;
    }

    private void MakeRunnable(Goroutine g, Processor? p, bool next)
    {
        g.MarkRunnable();
        if (!_s.PerProcessorQueues || p is null)
            _global.PushBack(g);
        else
            RunqPut(p, g, next);
        WakeIdle();
    }

    /// <summary><c>runqput</c>: into runnext (bumping its goroutine to the local tail), or the local tail, which
    /// hands half of itself and the newcomer to the global queue when full.</summary>
    private void RunqPut(Processor p, Goroutine g, bool next)
    {
        if (next)
        {
            var old = p.RunNext;
            p.RunNext = g;
            if (old is null)
                return;
            g = old;
        }
        if (p.Local.Count < Processor.LocalCapacity)
        {
            p.Local.PushBack(g);
            return;
        }
        for (var i = 0; i < Processor.LocalCapacity / 2; i++)
            _global.PushBack(p.Local.PopFront());
        _global.PushBack(g);
    }

    /// <summary><c>wakep</c>: if a P is idle and none is already waking, wake one; it looks for work once its
    /// thread runs.</summary>
    private void WakeIdle()
    {
        Processor? idle = null;
        foreach (var p in _ps)
        {
            if (p.Waking)
                return;
            if (p.Idle)
                idle ??= p;
        }
        if (idle is null)
            return;
        idle.Waking = true;
        _rt.Sim.Schedule(this, _s.Wakeup, KindWake | (idle.Id << 1));
    }

    void IEventTarget.Dispatch(int token)
    {
        if (_dead)
            return;
        if ((token & 0x40000000) != 0)
        {
            if ((token & 0x3FFFFFFF) == (_pollToken & 0x3FFFFFFF))
                PollerWakes();
            return;
        }
        var p = _ps[(token >> 1) & 0xFFFF];
        if ((token & 1) == KindWake)
        {
            p.Waking = false;
            if (!p.Idle)
                return; // it found work meanwhile
            Schedule(p);
            return;
        }
        if (token >> 17 == (int)(_preemptGeneration[p.Id] & 0x1FFF))
            Preempt(p);
    }

    /// <summary>The goroutine on <paramref name="p"/> gives it up (it parked, blocked, or ended): P schedules.</summary>
    public void Release(Goroutine g)
    {
        var p = g.P;
        if (p is null || _dead)
            return;
        g.P = null;
        p.Current = null;
        _preemptGeneration[p.Id]++;
        Schedule(p);
    }

    /// <summary><c>goyield</c> (<paramref name="toGlobal"/> false: to the local tail) or <c>Gosched</c> (to the
    /// global queue). Returns the wait for the yielding goroutine: until a P runs it again.</summary>
    public Wait Yield(Goroutine g, bool toGlobal)
    {
        var p = g.P!;
        g.P = null;
        p.Current = null;
        _preemptGeneration[p.Id]++;
        g.MarkRunnable();
        if (toGlobal || !_s.PerProcessorQueues)
            _global.PushBack(g);
        else
            RunqPut(p, g, next: false);
        Schedule(p);
        return g.P is not null && ReferenceEquals(p.Current, g) ? Wait.For(_s.Switch) : Wait.Passivate();
    }

    /// <summary>Runs <paramref name="cpu"/> nanoseconds of the goroutine on its P, unless its time slice ends first:
    /// then it is preempted there, and runs the rest when a P takes it again.</summary>
    public Wait Compute(Goroutine g, long cpu)
    {
        var p = g.P!;
        var sliceEnd = p.SliceStart + _s.TimeSlice;
        if (!_s.Preemption || Now + cpu <= sliceEnd)
            return Wait.For(cpu);
        g.ComputeLeft = Now + cpu - Math.Max(Now, sliceEnd);
        var generation = ++_preemptGeneration[p.Id];
        _rt.Sim.Schedule(this, Math.Max(0, sliceEnd - Now), KindPreempt | (p.Id << 1) | (int)((generation & 0x1FFF) << 17));
        return Wait.Passivate();
    }

    /// <summary>sysmon's <c>retake</c>: the goroutine on <paramref name="p"/> has run its slice; it goes to the global
    /// queue with the rest of its computation.</summary>
    private void Preempt(Processor p)
    {
        var g = p.Current!;
        g.P = null;
        p.Current = null;
        g.MarkRunnable();
        _global.PushBack(g);
        Schedule(p);
    }

    /// <summary><c>schedule</c>: fire due timers, find a goroutine and run it, or go idle.</summary>
    private void Schedule(Processor p)
    {
        FireDue(p);
        var (g, inherit) = FindRunnable(p);
        if (g is null)
        {
            p.Idle = true;
            Poll();
            return;
        }
        p.Idle = false;
        if (!inherit)
        {
            p.SchedTick++;
            p.SliceStart = Now;
        }
        p.Current = g;
        g.P = p;
        var work = g.ComputeLeft;
        g.ComputeLeft = 0;
        var sliceEnd = p.SliceStart + _s.TimeSlice;
        var start = SwitchTo();
        if (work > 0 && _s.Preemption && Now + start + work > sliceEnd)
        {
            g.ComputeLeft = Now + start + work - Math.Max(Now, sliceEnd);
            var generation = ++_preemptGeneration[p.Id];
            _rt.Sim.Schedule(this, Math.Max(0, sliceEnd - Now), KindPreempt | (p.Id << 1) | (int)((generation & 0x1FFF) << 17));
            g.Resumed(running: true);
            return;
        }
        g.Resumed(running: work > 0);
        if (!ReferenceEquals(_rt.Sim.ActiveProcess, g))
            g.Activate(start + work);
    }

    /// <summary>From a P picking a goroutine to it running (<c>execute</c>, <c>gogo</c>): the switch, and with cold
    /// switches the part that grows with the live goroutines, whose state a long-parked goroutine brings back into the
    /// caches (calibrate's resume_hop).</summary>
    private long SwitchTo()
    {
        if (!_s.ColdSwitches || _s.ColdSwitch is not { } cold)
            return _s.Switch;
        // The live count moves by one at a time while switches come by the dozen: the last count's cost is kept.
        var live = _rt.LiveGoroutines;
        if (live != _coldAt)
        {
            _coldAt = live;
            _coldCost = (long)Math.Round(cold.PerElement(live));
        }
        return _s.Switch + _coldCost;
    }

    private int _coldAt = -1;
    private long _coldCost;

    /// <summary><c>findRunnable</c>, in its order. Returns the goroutine and whether it inherits the time slice.</summary>
    private (Goroutine? G, bool Inherit) FindRunnable(Processor p)
    {
        if (!_s.PerProcessorQueues)
        {
            if (_global.Count == 0)
                StealTimers(p); // what another P's timers ready goes to the global queue
            return (Take(_global), false);
        }
        if (p.SchedTick % 61 == 0 && _global.Count > 0)
            return (Take(_global), false);
        if (p.HasWork)
            return TakeOwn(p);
        if (_global.Count > 0)
        {
            // globrunqget: a fair share of the global queue, at most half a local queue, one to run now.
            var n = Math.Min(_global.Count, Math.Min(_global.Count / _ps.Length + 1, Processor.LocalCapacity / 2));
            var g = Take(_global);
            for (var i = 1; i < n; i++)
                p.Local.PushBack(Take(_global)!);
            return (g, false);
        }
        // runqsteal: half of another P's local queue, the last of the batch to run now.
        for (var k = 0; k < _ps.Length; k++)
        {
            var victim = _ps[(_stealFrom + k) % _ps.Length];
            if (victim == p || victim.Local.Count == 0)
                continue;
            _stealFrom = (victim.Id + 1) % _ps.Length;
            var n = victim.Local.Count - victim.Local.Count / 2;
            for (var i = 0; i < n - 1; i++)
                p.Local.PushBack(victim.Local.PopFront());
            return (victim.Local.PopFront(), false);
        }
        return StealTimers(p) ? TakeOwn(p) : (null, false);
    }

    /// <summary><c>runqget</c>: runnext (which inherits the time slice), else the head of the local queue.</summary>
    private static (Goroutine? G, bool Inherit) TakeOwn(Processor p)
    {
        if (p.RunNext is not { } next)
            return (p.Local.PopFront(), false);
        p.RunNext = null;
        return (next, true);
    }

    private static Goroutine? Take(Deque<Goroutine> q) => q.Count == 0 ? null : q.PopFront();

    /// <summary>Every goroutine ends (a restart): the scheduler stops.</summary>
    public void Stop() => _dead = true;
}
