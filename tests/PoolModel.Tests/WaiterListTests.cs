using StallSim.PoolModel.Conns;
using CsCheck;
using StallSim.Engine;
using StallSim.PoolModel.Go;
using StallSim.PoolModel.Pool;
using StallSim.PoolModel.Waitlist;

namespace StallSim.PoolModel.Tests;

/// <summary>The order-statistics list against a plain List used as the reference: positions, front, next,
/// first live waiter, under random pushes and removals (enough pushes to force renumbering).</summary>
public class WaiterListTests
{
    private static Waiter NewWaiter(Simulation sim, GoRuntime runtime, long deadline) =>
        new(new Chan<Conn>(1), new Context(runtime, deadline));

    [Fact]
    public void Agrees_with_a_plain_list_under_random_pushes_and_removals()
    {
        Gen.Select(Gen.Int[0, 99].Array[500, 3000], Gen.Int[0, 1000])
            .Sample((ops, now) =>
            {
                var sim = new Simulation();
                var runtime = new GoRuntime(sim, new RuntimeSettings { Wake = 0, MutexHandoff = 0 });
                var list = new WaiterList();
                var reference = new List<Waiter>();
                var deadlines = 0L;
                foreach (var op in ops)
                {
                    if (op < 60 || reference.Count == 0)
                    {
                        var w = NewWaiter(sim, runtime, (deadlines++ * 7919) % 2000);
                        list.PushBack(w);
                        reference.Add(w);
                    }
                    else
                    {
                        var victim = reference[op % reference.Count];
                        list.Remove(victim);
                        reference.Remove(victim);
                    }
                }
                Assert.Equal(reference.Count, list.Count);
                Assert.Same(reference.FirstOrDefault(), list.Front);
                for (var i = 0; i < reference.Count; i++)
                {
                    Assert.Equal(i, list.PositionOf(reference[i]));
                    Assert.Same(i + 1 < reference.Count ? reference[i + 1] : null, list.Next(reference[i]));
                }
                Assert.Equal(reference, list.InOrder());
                var expectedLive = reference.FindIndex(w => w.Ctx.Deadline > now);
                var (live, expiredAhead) = list.FirstLive(now);
                Assert.Same(expectedLive < 0 ? null : reference[expectedLive], live);
                Assert.Equal(expectedLive < 0 ? reference.Count : expectedLive, expiredAhead);
                // From the back (a LIFO returner's walk): the newest live waiter, and the expired ones behind it.
                var newestLive = reference.FindLastIndex(w => w.Ctx.Deadline > now);
                var (back, expiredBehind) = list.FirstLive(now, ListEnd.Back);
                Assert.Same(newestLive < 0 ? null : reference[newestLive], back);
                Assert.Equal(newestLive < 0 ? reference.Count : reference.Count - 1 - newestLive, expiredBehind);
                Assert.Same(reference.LastOrDefault(), list.At(ListEnd.Back));
            }, iter: 100);
    }

    [Fact]
    public void Removing_an_element_that_is_not_listed_is_an_error_as_in_go_list()
    {
        var sim = new Simulation();
        var runtime = new GoRuntime(sim, new RuntimeSettings { Wake = 0, MutexHandoff = 0 });
        var list = new WaiterList();
        var w = NewWaiter(sim, runtime, 10);
        Assert.Throws<InvalidOperationException>(() => list.Remove(w));
        list.PushBack(w);
        Assert.True(list.Contains(w));
        list.Remove(w);
        Assert.False(list.Contains(w));
        Assert.Throws<InvalidOperationException>(() => list.PositionOf(w));
    }
}
