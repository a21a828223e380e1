using StallSim.PoolModel.Conns;
using StallSim.Engine;
using StallSim.PoolModel.Go;
using StallSim.PoolModel.Pool;
using StallSim.PoolModel.Waitlist;

namespace StallSim.PoolModel.Tests;

/// <summary>
/// The heart of the stall in one rule (docs/model.md#waitforconn): a release-23 waiter whose deadline passes
/// holds wl.mu for a walk from the front of the list to itself, so its self-removal costs (position + 1)
/// element visits; the fix's RemoveIfPresent costs one unlink wherever the waiter stands.
/// </summary>
public class SelfRemovalCostTests
{
    private const long Scan = Units.Microsecond;
    private const long Push = 50;
    private const long Deadline = Units.Millisecond;

    /// <summary>Twenty waiters queue behind a pool whose one connection is held; only the waiter at
    /// <paramref name="position"/> has a deadline within the run. Returns when its Get gave up, relative to
    /// its deadline: the time it spent at waitlist.go:89 with the lock (nothing else costs time here).</summary>
    private static long SelfRemovalTime(WaitlistVariant variant, int position)
    {
        var sim = new Simulation(1);
        var runtime = new GoRuntime(sim, new RuntimeSettings { Wake = 0, MutexHandoff = 0 });
        var costs = new CodeCosts { ScanPerElement = ScanCost.Constant(Scan), ListPush = Push, CtxCheck = 0, ChanSend = 0 };
        var pool = new ConnPool(new PoolSettings { Capacity = 1, Dial = 0 }, new Waitlist.Waitlist(runtime, variant, costs, sim.Random["select"]));
        long gaveUpAt = -1;
        IEnumerable<Wait> Request(Goroutine g, long startAt, long deadline, bool watched)
        {
            yield return Wait.For(startAt);
            var got = new Returns<Conn>();
            foreach (var w in pool.Get(g, new Context(runtime, deadline), got)) yield return w;
            if (watched) gaveUpAt = got.Value is null ? g.Now : -2;
        }
        runtime.Go(g => Request(g, 0, Units.Hour, false), Site.Runnable);   // holds the one connection
        for (var i = 0; i < 20; i++)
        {
            var watched = i == position;
            var at = 10 + i;
            runtime.Go(g => Request(g, at, watched ? Deadline : Units.Hour, watched), Site.Runnable);
        }
        sim.Run(Units.Second);
        return gaveUpAt - Deadline;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(19)]
    public void Release_23_self_removal_walks_to_the_waiters_position(int position)
    {
        Assert.Equal((position + 1) * Scan, SelfRemovalTime(WaitlistVariant.Buggy, position));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(19)]
    public void The_fix_removes_a_waiter_in_one_unlink_wherever_it_stands(int position)
    {
        Assert.Equal(Push, SelfRemovalTime(WaitlistVariant.Fixed, position));
        Assert.Equal(Push, SelfRemovalTime(WaitlistVariant.Buggy with { Name = "buggy+o1", SelfRemoval = SelfRemoval.O1 }, position));
    }
}
