using StallSim.Engine;
using StallSim.PoolModel.Go;
using StallSim.PoolModel.Waitlist;

namespace StallSim.PoolModel.Tests;

/// <summary>sync.Mutex semantics (docs/model.md#syncmutex) on the simulated mutex.</summary>
public class GoMutexTests
{
    private static readonly Site At = BlockingSites.JoinLock;

    private static GoRuntime NewRuntime(long handoff = 2 * Units.Microsecond, bool semaphoreRace = true, long semaWindow = 0) =>
        new(new Simulation(1), new RuntimeSettings
        {
            Wake = Units.Microsecond, MutexHandoff = handoff, StarvationThreshold = Units.Millisecond,
            SemaphoreRace = semaphoreRace, SemaWindow = ScanCost.Constant(semaWindow),
        });

    /// <summary>Locks, holds for <paramref name="hold"/>, unlocks; records when it got the lock.</summary>
    private static IEnumerable<Wait> LockHoldUnlock(Goroutine g, Mutex mu, long startAt, long hold, List<(string, long)> log, string name)
    {
        yield return Wait.For(startAt);
        while (!mu.Lock(g)) yield return g.Park(At);
        log.Add((name, g.Now));
        yield return Wait.For(hold);
        foreach (var u in mu.Unlock(g)) yield return u;
    }

    [Fact]
    public void An_uncontended_lock_is_taken_at_once()
    {
        var rt = NewRuntime();
        var mu = new Mutex(rt);
        var log = new List<(string, long)>();
        rt.Go(g => LockHoldUnlock(g, mu, 5, 10, log, "a"), Site.Runnable);
        rt.Sim.Run();
        Assert.Equal([("a", 5L)], log);
        Assert.False(mu.IsLocked);
    }

    [Fact]
    public void Waiters_queue_in_FIFO_order_and_each_hand_off_costs_the_wake_latency()
    {
        var rt = NewRuntime(handoff: 100);
        var mu = new Mutex(rt);
        var log = new List<(string, long)>();
        rt.Go(g => LockHoldUnlock(g, mu, 0, 1_000, log, "holder"), Site.Runnable);
        rt.Go(g => LockHoldUnlock(g, mu, 10, 1_000, log, "first"), Site.Runnable);
        rt.Go(g => LockHoldUnlock(g, mu, 20, 1_000, log, "second"), Site.Runnable);
        rt.Sim.Run();
        Assert.Equal([("holder", 0L), ("first", 1_100L), ("second", 2_200L)], log);
    }

    [Fact]
    public void The_longest_wait_runs_from_first_queueing_to_owning_or_to_now_for_the_head_still_queued()
    {
        var rt = NewRuntime(handoff: 100);
        var mu = new Mutex(rt);
        var log = new List<(string, long)>();
        rt.Go(g => LockHoldUnlock(g, mu, 0, 1_000, log, "holder"), Site.Runnable);
        rt.Go(g => LockHoldUnlock(g, mu, 10, 5_000, log, "first"), Site.Runnable);   // owns at 1,100: waited 1,090
        rt.Go(g => LockHoldUnlock(g, mu, 20, 1_000, log, "second"), Site.Runnable);  // still queued at 3,000
        long during = 0;
        rt.Go(g => Peek(g, 3_000, () => during = mu.LongestWait), Site.Runnable);
        rt.Sim.Run();
        Assert.Equal(3_000 - 20, during);                   // the head of the queue, waiting since 20
        Assert.Equal(6_200 - 20, mu.LongestWait);           // second owned it at 1,100 + 5,000 + 100
        Assert.Equal(("second", 6_200L), log[2]);
    }

    private static IEnumerable<Wait> Peek(Goroutine g, long at, Action read)
    {
        yield return Wait.For(at);
        read();
    }

    [Fact]
    public void A_running_goroutine_barges_ahead_of_a_woken_waiter_in_normal_mode()
    {
        var rt = NewRuntime(handoff: 500);
        var mu = new Mutex(rt);
        var log = new List<(string, long)>();
        rt.Go(g => LockHoldUnlock(g, mu, 0, 1_000, log, "holder"), Site.Runnable);
        rt.Go(g => LockHoldUnlock(g, mu, 10, 100, log, "waiter"), Site.Runnable);
        // Arrives just after the unlock at 1000, while the woken waiter is still being scheduled (until 1500).
        rt.Go(g => LockHoldUnlock(g, mu, 1_200, 1_000, log, "barger"), Site.Runnable);
        rt.Sim.Run();
        Assert.Equal("barger", log[1].Item1);
        Assert.Equal(1_200, log[1].Item2);
        // The woken waiter lost, re-queued at the head, and gets it at the barger's unlock plus a wake-up.
        Assert.Equal(("waiter", 2_700L), log[2]);
        Assert.False(mu.Starving);   // it had waited less than 1 ms
    }

    [Fact]
    public void A_woken_waiter_that_has_waited_over_1ms_and_loses_switches_to_starvation_mode()
    {
        var rt = NewRuntime(handoff: 500);
        var mu = new Mutex(rt);
        var log = new List<(string, long)>();
        var starvingSeen = false;
        rt.Go(g => LockHoldUnlock(g, mu, 0, 2 * Units.Millisecond, log, "holder"), Site.Runnable);
        rt.Go(g => LockHoldUnlock(g, mu, 10, 100, log, "waiter"), Site.Runnable);
        rt.Go(g => LockHoldUnlock(g, mu, 2 * Units.Millisecond + 100, 1_000, log, "barger"), Site.Runnable);
        IEnumerable<Wait> Watch()
        {
            yield return Wait.For(2 * Units.Millisecond + 600);   // after the waiter woke and lost (at 2ms + 500)
            starvingSeen = mu.Starving;
        }
        rt.Sim.Start(Watch());
        rt.Sim.Run();
        Assert.True(starvingSeen);
        Assert.Equal(["holder", "barger", "waiter"], log.Select(l => l.Item1));
    }

    [Fact]
    public void Starvation_mode_hands_off_in_FIFO_order_and_newcomers_cannot_grab()
    {
        var rt = NewRuntime(handoff: 500);
        var mu = new Mutex(rt);
        var log = new List<(string, long)>();
        // Same set-up as above, then a newcomer arrives while the mutex is free during a starvation hand-off.
        rt.Go(g => LockHoldUnlock(g, mu, 0, 2 * Units.Millisecond, log, "holder"), Site.Runnable);
        rt.Go(g => LockHoldUnlock(g, mu, 10, 100, log, "waiter"), Site.Runnable);
        rt.Go(g => LockHoldUnlock(g, mu, 2 * Units.Millisecond + 100, 1_000, log, "barger"), Site.Runnable);
        // The barger unlocks at 2ms+1100 and hands off to the waiter (arrives 2ms+1600); a newcomer at 2ms+1200
        // must queue behind instead of taking the mutex.
        rt.Go(g => LockHoldUnlock(g, mu, 2 * Units.Millisecond + 1_200, 100, log, "newcomer"), Site.Runnable);
        rt.Sim.Run();
        Assert.Equal(["holder", "barger", "waiter", "newcomer"], log.Select(l => l.Item1));
        Assert.Equal(2 * Units.Millisecond + 1_600, log[2].Item2);
    }

    [Fact]
    public void Starvation_mode_ends_when_a_waiter_that_waited_under_1ms_is_handed_the_mutex()
    {
        var rt = NewRuntime(handoff: 500);
        var mu = new Mutex(rt);
        var log = new List<(string, long)>();
        var starvingWhileDWaits = new List<bool>();
        var ms = Units.Millisecond;
        rt.Go(g => LockHoldUnlock(g, mu, 0, 2 * ms, log, "holder"), Site.Runnable);
        rt.Go(g => LockHoldUnlock(g, mu, 10, 100, log, "A"), Site.Runnable);             // waits > 1 ms, then loses to B
        rt.Go(g => LockHoldUnlock(g, mu, 2 * ms + 100, 1_000, log, "B"), Site.Runnable);  // barges: A turns starvation on
        rt.Go(g => LockHoldUnlock(g, mu, 2 * ms + 600, 100, log, "C"), Site.Runnable);    // queues behind A
        rt.Go(g => LockHoldUnlock(g, mu, 2 * ms + 700, 100, log, "D"), Site.Runnable);    // queues behind C
        IEnumerable<Wait> Watch()
        {
            // C is handed the mutex at 2ms+2200 (B unlocks at 2ms+1100, A runs 2ms+1600..1700, C runs at 2ms+2200).
            yield return Wait.For(2 * ms + 1_650);
            starvingWhileDWaits.Add(mu.Starving);   // A holds it, handed over in starvation mode
            yield return Wait.For(600);
            starvingWhileDWaits.Add(mu.Starving);   // C holds it: it waited 1.6 us, so the mode ended although D waits
        }
        rt.Sim.Start(Watch());
        rt.Sim.Run();
        Assert.Equal(["holder", "B", "A", "C", "D"], log.Select(l => l.Item1));
        Assert.Equal([true, false], starvingWhileDWaits);
    }

    [Fact]
    public void Starvation_mode_ends_when_the_last_waiter_takes_the_mutex()
    {
        var rt = NewRuntime(handoff: 500);
        var mu = new Mutex(rt);
        var log = new List<(string, long)>();
        rt.Go(g => LockHoldUnlock(g, mu, 0, 2 * Units.Millisecond, log, "holder"), Site.Runnable);
        rt.Go(g => LockHoldUnlock(g, mu, 10, 100, log, "waiter"), Site.Runnable);
        rt.Go(g => LockHoldUnlock(g, mu, 2 * Units.Millisecond + 100, 1_000, log, "barger"), Site.Runnable);
        var starvingWhileTheWaiterWaits = false;
        IEnumerable<Wait> Watch()
        {
            yield return Wait.For(2 * Units.Millisecond + 600);   // the waiter woke at 2ms + 500, lost, and waits again
            starvingWhileTheWaiterWaits = mu.Starving;
        }
        rt.Sim.Start(Watch());
        rt.Sim.Run();
        Assert.Equal(3, log.Count);
        Assert.True(starvingWhileTheWaiterWaits, "the mode was never entered");
        Assert.False(mu.Starving);   // ... and left when the last waiter took the mutex
        Assert.False(mu.IsLocked);
    }

    /// <summary>
    /// The holder keeps the mutex 2 ms; the waiter, woken then, loses to a barger and turns starvation mode on. The
    /// barger unlocks at 2ms+1100 and hands off in semrelease1, whose window lasts 100 ns here; a thief arrives at
    /// Lock at 2ms+1150. In Go (sema.go) the thief's semacquire1 takes the count in the window: it owns the mutex at
    /// once, having waited nothing, which ends starvation mode; the waiter is readied without a ticket at 2ms+1200,
    /// runs at 2ms+1700, and takes the count the thief's normal-mode Unlock (2ms+1250) left. Without the race the
    /// hand-off is atomic: the waiter owns it at 2ms+1600 and hands off to the thief, who runs at 2ms+2200.
    /// </summary>
    [Theory]
    [InlineData(true, "thief", 2_001_150L, "waiter", 2_001_700L, false)]
    [InlineData(false, "waiter", 2_001_600L, "thief", 2_002_200L, true)]
    public void A_goroutine_arriving_in_semrelease1s_window_takes_the_hand_off_and_ends_starvation_mode(
        bool race, string third, long thirdAt, string fourth, long fourthAt, bool starvingAfterThiefArrived)
    {
        var rt = NewRuntime(handoff: 500, semaphoreRace: race, semaWindow: 100);
        var mu = new Mutex(rt);
        var log = new List<(string, long)>();
        var ms = Units.Millisecond;
        rt.Go(g => LockHoldUnlock(g, mu, 0, 2 * ms, log, "holder"), Site.Runnable);
        rt.Go(g => LockHoldUnlock(g, mu, 10, 100, log, "waiter"), Site.Runnable);
        rt.Go(g => LockHoldUnlock(g, mu, 2 * ms + 100, 1_000, log, "barger"), Site.Runnable);
        rt.Go(g => LockHoldUnlock(g, mu, 2 * ms + 1_150, 100, log, "thief"), Site.Runnable);
        var starving = new List<bool>();
        IEnumerable<Wait> Watch()
        {
            yield return Wait.For(2 * ms + 1_000);
            starving.Add(mu.Starving);   // the barger holds it, the waiter queued in starvation mode
            yield return Wait.For(160);
            starving.Add(mu.Starving);   // 10 ns after the thief arrived
        }
        rt.Sim.Start(Watch());
        rt.Sim.Run();
        Assert.Equal([("holder", 0L), ("barger", 2 * ms + 100), (third, thirdAt), (fourth, fourthAt)], log);
        Assert.Equal([true, starvingAfterThiefArrived], starving);
    }

    /// <summary>
    /// Normal mode. The holder unlocks at 1000 and wakes the waiter, which runs at 1500; meanwhile a barger takes the
    /// free mutex (1100) and a thief finds it locked (1200). In Go the thief's semacquire1 takes the count the
    /// wake-up released (its easy case), queues again at the head (it has waited), and the woken waiter, finding no
    /// count at 1500, queues again at the tail, its first wait: the thief owns the mutex when the barger unlocks
    /// (2100, running at 2600), the waiter after it (4100). Without the race the count is the woken waiter's: it
    /// turns starvation mode on at 1500 (it has waited 1.49 ms), is handed the mutex at 2100 and runs at 2600.
    /// </summary>
    [Theory]
    [InlineData(true, "thief", 2_600L, "waiter", 4_100L)]
    [InlineData(false, "waiter", 2_600L, "thief", 3_200L)]
    public void A_goroutine_that_reaches_semacquire1_first_takes_a_normal_mode_wake_up(bool race, string third, long thirdAt, string fourth, long fourthAt)
    {
        var rt = NewRuntime(handoff: 500, semaphoreRace: race);
        var mu = new Mutex(rt);
        var log = new List<(string, long)>();
        rt.Go(g => LockHoldUnlock(g, mu, 0, 1_000, log, "holder"), Site.Runnable);
        rt.Go(g => LockHoldUnlock(g, mu, 10, 100, log, "waiter"), Site.Runnable);
        rt.Go(g => LockHoldUnlock(g, mu, 1_100, 1_000, log, "barger"), Site.Runnable);
        rt.Go(g => LockHoldUnlock(g, mu, 1_200, 1_000, log, "thief"), Site.Runnable);
        rt.Sim.Run();
        Assert.Equal([("holder", 0L), ("barger", 1_100L), (third, thirdAt), (fourth, fourthAt)], log);
        Assert.False(mu.IsLocked);
    }

    [Fact]
    public void Unlock_by_a_goroutine_that_does_not_hold_the_mutex_is_an_error()
    {
        var rt = NewRuntime();
        var mu = new Mutex(rt);
        Goroutine? other = null;
        IEnumerable<Wait> Body(Goroutine g)
        {
            other = g;
            yield break;
        }
        rt.Go(Body, Site.Runnable);
        rt.Sim.Run();
        Assert.Throws<InvalidOperationException>(() => mu.Unlock(other!));
    }
}
