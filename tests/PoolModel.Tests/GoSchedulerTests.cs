using StallSim.Engine;
using StallSim.PoolModel.Go;

namespace StallSim.PoolModel.Tests;

/// <summary>
/// Go's scheduler (docs/model.md#the-scheduler): each mechanism against the same set-up with the mechanism
/// switched off, so that every test fails if its mechanism goes. Latencies are round numbers chosen for the
/// arithmetic, not the calibrated ones.
/// </summary>
public class GoSchedulerTests
{
    private static readonly Site Work = new("test work", "computing");
    private static readonly Site Io = new("test I/O", "blocked in I/O");
    private static readonly Site Parked = new("test park", "parked");
    private static readonly Site Locking = new("test lock", "in Lock", inMutexLock: true);

    private const long Us = Units.Microsecond;
    private const long Ms = Units.Millisecond;

    private static GoRuntime NewRuntime(int procs, Func<SchedulerSettings, SchedulerSettings>? change = null)
    {
        var scheduler = new SchedulerSettings { Switch = 0, Wakeup = 10 * Us, PollSlack = 100 * Us };
        return new GoRuntime(new Simulation(1), new RuntimeSettings { Procs = procs, Scheduler = change is null ? scheduler : change(scheduler) });
    }

    [Fact]
    public void A_goroutine_that_waits_for_a_processor_is_counted_at_the_runnable_site()
    {
        var rt = NewRuntime(procs: 1);
        long secondStarted = -1;
        IEnumerable<Wait> Busy(Goroutine g)
        {
            yield return g.Compute(Work, 1 * Ms);
        }
        IEnumerable<Wait> Second(Goroutine g)
        {
            secondStarted = g.Now;
            yield return g.Compute(Work, 10 * Us);
        }
        rt.Go(Busy, Work);
        rt.Go(Second, Work);
        int runnableMidway = -1, atWorkMidway = -1;
        IEnumerable<Wait> Watch()
        {
            yield return Wait.For(500 * Us);
            runnableMidway = rt.CountAt(Site.Runnable);
            atWorkMidway = rt.CountAt(Work);
        }
        rt.Sim.Start(Watch());
        rt.Sim.Run();
        Assert.Equal(1, runnableMidway);   // the second goroutine, waiting for the only P
        Assert.Equal(1, atWorkMidway);     // the first, running
        Assert.True(secondStarted >= 1 * Ms, $"the second goroutine ran at {secondStarted} ns, before the P was free");
    }

    /// <summary>A goroutine readied by a running one goes to its P's runnext and runs before the goroutines queued
    /// earlier (runqput with next); with one global FIFO it runs after them.</summary>
    [Theory]
    [InlineData(true, "D,B,C")]
    [InlineData(false, "B,C,D")]
    public void A_readied_goroutine_runs_next_on_the_readying_processor(bool perProcessorQueues, string expectedOrder)
    {
        var rt = NewRuntime(procs: 1, s => s with { PerProcessorQueues = perProcessorQueues });
        var order = new List<string>();
        Goroutine? d = null;
        IEnumerable<Wait> Logged(Goroutine g, string name)
        {
            order.Add(name);
            yield return g.Compute(Work, 10 * Us);
        }
        IEnumerable<Wait> ParkThenLog(Goroutine g)
        {
            yield return g.Park(Parked);
            order.Add("D");
        }
        IEnumerable<Wait> Main(Goroutine g)
        {
            d = rt.Go(ParkThenLog, Work);
            yield return g.Block(Io, 2 * Ms);   // gives up the P: D runs and parks
            rt.Go(x => Logged(x, "B"), Work);
            rt.Go(x => Logged(x, "C"), Work);
            rt.Ready(d, 0);
            yield return g.Compute(Work, 10 * Us);
        }
        rt.Go(Main, Work);
        rt.Sim.Run();
        Assert.Equal(expectedOrder, string.Join(",", order));
    }

    /// <summary>runqsteal: an idle P takes half of a busy P's local queue, so four 1 ms goroutines spawned on one P of
    /// two finish in about 2 ms, not 4.</summary>
    [Fact]
    public void An_idle_processor_steals_from_a_busy_one()
    {
        var rt = NewRuntime(procs: 2);
        long lastEnd = 0;
        var ranOn = new HashSet<int>();
        IEnumerable<Wait> Job(Goroutine g)
        {
            ranOn.Add(g.P!.Id);
            yield return g.Compute(Work, 1 * Ms);
            lastEnd = Math.Max(lastEnd, g.Now);
        }
        IEnumerable<Wait> Main(Goroutine g)
        {
            for (var i = 0; i < 4; i++) rt.Go(Job, Work);
            yield break;
        }
        rt.Go(Main, Work);
        rt.Sim.Run();
        Assert.Equal(2, ranOn.Count);
        Assert.InRange(lastEnd, 2 * Ms, 2 * Ms + 100 * Us);
    }

    /// <summary>semrelease1 with handoff: after a starvation-mode Unlock the unlocker yields its P (goyield) and the
    /// new owner runs at once, before the unlocker's next statement. Without the yield the unlocker runs on and the
    /// owner waits for the P.</summary>
    [Theory]
    [InlineData(true, "W acquires,H goes on")]
    [InlineData(false, "H goes on,W acquires")]
    public void The_unlocker_yields_to_the_owner_it_handed_a_starving_mutex_to(bool yields, string expectedOrder)
    {
        var rt = NewRuntime(procs: 1, s => s with { Yields = yields });
        var mu = new Mutex(rt);
        var log = new List<string>();
        var starvingAtHandoff = false;
        IEnumerable<Wait> Holder(Goroutine g)
        {
            while (!mu.Lock(g)) yield return g.Park(Locking);
            yield return g.Block(Io, 2 * Ms);        // W queues meanwhile
            foreach (var u in mu.Unlock(g)) yield return u;               // wakes W (normal mode) ...
            while (!mu.Lock(g)) yield return g.Park(Locking);   // ... and barges ahead of it
            yield return g.Block(Io, 2 * Ms);        // W runs, loses after > 1 ms: starvation mode
            starvingAtHandoff = mu.Starving;
            foreach (var u in mu.Unlock(g)) yield return u;               // hands off to W
            log.Add("H goes on");
            yield return g.Compute(Work, 1 * Ms);
        }
        IEnumerable<Wait> Waiter(Goroutine g)
        {
            while (!mu.Lock(g)) yield return g.Park(Locking);
            log.Add("W acquires");
            foreach (var u in mu.Unlock(g)) yield return u;
        }
        rt.Go(Holder, Work);
        rt.Go(Waiter, Work);
        rt.Sim.Run();
        Assert.True(starvingAtHandoff);
        Assert.Equal(expectedOrder, string.Join(",", log));
    }

    /// <summary>A context's timer fires when a P gets to it (checkTimers): while the only P runs something else, the
    /// context whose deadline has passed still reports no error. Without lagging timers, Err follows the clock.</summary>
    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void A_context_past_its_deadline_looks_live_until_its_timer_runs(bool timersLag, bool expiredWhileBusy)
    {
        var rt = NewRuntime(procs: 1, s => s with { TimerLags = timersLag, Preemption = false });
        Context? ctx = null;
        bool? expiredAt3ms = null, expiredAfter = null;
        IEnumerable<Wait> Main(Goroutine g)
        {
            ctx = new Context(rt, g.Now + 1 * Ms);
            yield return g.Compute(Work, 5 * Ms);   // holds the only P past the deadline
            yield return g.Block(Io, 1 * Us);       // gives it up: the P runs the due timer
            expiredAfter = ctx.Expired;
        }
        IEnumerable<Wait> Watch()
        {
            yield return Wait.For(3 * Ms);
            expiredAt3ms = ctx!.Expired;
        }
        rt.Go(Main, Work);
        rt.Sim.Start(Watch());
        rt.Sim.Run();
        Assert.Equal(expiredWhileBusy, expiredAt3ms);
        Assert.True(expiredAfter);
    }

    /// <summary>Each P keeps the timers its goroutines arm (addtimer) and fires only its own (checkTimers): while the
    /// P that armed a context's timer runs one goroutine past the deadline, another P kept busy by goroutines that yield
    /// to each other never looks at that timer; it fires it only once it runs out of work and steals (stealWork), at
    /// 4 ms. With one list for every P, the busy P fires it at its next schedule after the 1 ms deadline.</summary>
    [Theory]
    [InlineData(true, 4)]
    [InlineData(false, 1)]
    public void A_timer_fires_on_the_processor_that_armed_it_unless_another_has_nothing_to_run(bool perProcessorTimers, long expiredByMs)
    {
        var rt = NewRuntime(procs: 2, s => s with { PerProcessorTimers = perProcessorTimers, Preemption = false });
        Context? ctx = null;
        long expiredAt = -1;
        IEnumerable<Wait> Main(Goroutine g)
        {
            ctx = new Context(rt, g.Now + 1 * Ms);
            rt.Go(Spinner, Work);                   // into this P's runnext, which no P steals
            rt.Go(Spinner, Work);                   // to this P's local queue, which the other P steals
            yield return g.Compute(Work, 5 * Ms);   // holds its P past the deadline
        }
        IEnumerable<Wait> Spinner(Goroutine g)
        {
            while (g.Now < 4 * Ms)
            {
                yield return g.Compute(Work, 50 * Us);
                yield return g.Gosched();
            }
        }
        IEnumerable<Wait> Watch()
        {
            while (ctx is null || !ctx.Expired)
                yield return Wait.For(10 * Us);
            expiredAt = rt.Now;
        }
        rt.Go(Main, Work);
        rt.Sim.Start(Watch());
        rt.Sim.Run();
        Assert.InRange(expiredAt, expiredByMs * Ms, expiredByMs * Ms + 100 * Us);
    }

    /// <summary>A context's deadline costs the processor that runs its timer go.context_expiry (time.AfterFunc's
    /// goroutine cancels the context) before the goroutine parked on Done is readied: it runs that much later.</summary>
    [Fact]
    public void A_contexts_expiry_costs_its_processor_before_the_waiter_on_Done_runs()
    {
        long WokeAfter(long expiry)
        {
            var scheduler = new SchedulerSettings { Switch = 0, Wakeup = 10 * Us, PollSlack = 100 * Us };
            var rt = new GoRuntime(new Simulation(1), new RuntimeSettings { Procs = 1, ContextExpiry = expiry, Scheduler = scheduler });
            long woke = -1;
            IEnumerable<Wait> Waiter(Goroutine g)
            {
                var ctx = new Context(rt, g.Now + 1 * Ms);
                yield return ctx.ParkOnDone(g, Parked);
                woke = g.Now;
            }
            rt.Go(Waiter, Work);
            rt.Sim.Run();
            return woke;
        }
        Assert.Equal(3 * Us, WokeAfter(3 * Us) - WokeAfter(0));
    }

    /// <summary>An idle process's timers wake by netpoll's rule: a wait under a millisecond sleeps a whole millisecond,
    /// and the kernel adds its slack (100 µs here). Without lagging timers the sleeper wakes at its instant.</summary>
    [Theory]
    [InlineData(true, 1_100_000)]
    [InlineData(false, 310_000)]   // at its instant, plus the idle P's wake-up
    public void An_idle_process_wakes_for_a_timer_by_the_network_pollers_millisecond_rule(bool timersLag, long expectedWake)
    {
        var rt = NewRuntime(procs: 1, s => s with { TimerLags = timersLag });
        Assert.Equal(expectedWake, SleepOnce(rt, 300 * Us));
    }

    /// <summary>One goroutine blocks for <paramref name="duration"/> on <paramref name="rt"/>, which then runs to its end:
    /// how long after it slept it ran again.</summary>
    private static long SleepOnce(GoRuntime rt, long duration)
    {
        long slept = -1, woke = -1;
        IEnumerable<Wait> Sleeper(Goroutine g)
        {
            slept = g.Now;
            yield return g.Block(Io, duration);
            woke = g.Now;
        }
        rt.Go(Sleeper, Work);
        rt.Sim.Run();
        return woke - slept;
    }

    /// <summary>A goroutine that last ran long ago brings its state back into the caches when it starts again, which
    /// costs more the more goroutines there are (calibrate's resume_hop): among 1,000 live goroutines a sleeper wakes
    /// the cold switch later than alone. Without cold switches it wakes as alone.</summary>
    [Theory]
    [InlineData(true, 500)]
    [InlineData(false, 0)]
    public void A_goroutine_among_many_starts_later_by_the_cold_switch(bool coldSwitches, long expectedExtra)
    {
        long SleptFor(int others)
        {
            var rt = NewRuntime(
                procs: 1,
                s => s with { TimerLags = false, ColdSwitches = coldSwitches, ColdSwitch = new ScanCost([(1, 0), (1000, 500)]) }
            );
            for (var i = 0; i < others; i++)
                rt.Go(Idle, Work);
            return SleepOnce(rt, 1 * Ms);
        }
        static IEnumerable<Wait> Idle(Goroutine g)
        {
            yield return g.Park(Parked);
        }
        Assert.Equal(expectedExtra, SleptFor(999) - SleptFor(0));
    }

    /// <summary>sysmon's retake: a goroutine that runs 10 ms is preempted, and one waiting for the only P runs then;
    /// without preemption it waits the whole 50 ms.</summary>
    [Theory]
    [InlineData(true, 10 * Ms)]
    [InlineData(false, 50 * Ms)]
    public void A_goroutine_running_past_its_time_slice_is_preempted(bool preemption, long expectedStart)
    {
        var rt = NewRuntime(procs: 1, s => s with { Preemption = preemption });
        long firstStarted = -1, secondStarted = -1, firstEnded = -1;
        IEnumerable<Wait> Long(Goroutine g)
        {
            firstStarted = g.Now;
            yield return g.Compute(Work, 50 * Ms);
            firstEnded = g.Now;
        }
        IEnumerable<Wait> Short(Goroutine g)
        {
            secondStarted = g.Now;
            yield return g.Compute(Work, 1 * Ms);
        }
        rt.Go(Long, Work);
        rt.Go(Short, Work);
        rt.Sim.Run();
        Assert.Equal(expectedStart, secondStarted - firstStarted);
        // The preempted goroutine still does all of its work: it ends 50 ms of CPU plus the 1 ms it gave away.
        Assert.Equal(preemption ? 51 * Ms : 50 * Ms, firstEnded - firstStarted);
    }
}
