using StallSim.PoolModel.Conns;
using StallSim.Engine;
using StallSim.PoolModel.Go;
using StallSim.PoolModel.Pool;
using StallSim.PoolModel.Waitlist;

namespace StallSim.PoolModel.Tests;

/// <summary>
/// The rule of each policy beyond #20308 on a hand-built waitlist: waiters join at chosen instants, connections
/// come back at chosen instants, and the test reads which waiter got which connection and which were shed. Every
/// cost and latency is zero, so only the rule decides.
/// </summary>
public class WaitlistPolicyTests
{
    private const long Ms = Units.Millisecond;

    private sealed class Bench
    {
        private readonly GoRuntime _rt;
        private readonly Waitlist.Waitlist _wl;
        private int _conns;

        public Bench(WaitlistVariant variant, long mutexHandoff = 0)
        {
            _rt = new GoRuntime(new Simulation(1), new RuntimeSettings { Wake = 0, MutexHandoff = mutexHandoff });
            var zero = ScanCost.Constant(0);
            _wl = new Waitlist.Waitlist(_rt, variant, new CodeCosts { ListPush = 0, ScanPerElement = zero, CtxCheck = 0, ChanSend = 0 }, _rt.Sim.Random["select"]);
        }

        /// <summary>What each waiter got: "conn N" (the N-th returned), or its error.</summary>
        public readonly Dictionary<string, string> Outcome = [];

        /// <summary>Waiter <paramref name="name"/> joins at <paramref name="at"/>, with a deadline (default: none in the test).</summary>
        public void Join(string name, long at, long deadline = long.MaxValue / 2)
        {
            IEnumerable<Wait> Body(Goroutine g)
            {
                yield return Wait.For(at);
                var ctx = new Context(_rt, deadline);
                var ret = new Returns<Conn>();
                foreach (var w in _wl.waitForConn(g, ctx, ret)) yield return w;
                Outcome[name] = ret.Value is { } c ? $"conn {c.Id}" : ret.Err?.ToString() ?? "nothing";
            }
            _rt.Go(Body, Site.Runnable);
        }

        /// <summary>A connection comes back at <paramref name="at"/>.</summary>
        public void Return(long at)
        {
            var id = ++_conns;
            IEnumerable<Wait> Body(Goroutine g)
            {
                yield return Wait.For(at);
                foreach (var w in _wl.tryReturnConn(g, new Conn(id), new Returns<bool>())) yield return w;
            }
            _rt.Go(Body, Site.Runnable);
        }

        /// <summary>Something else holds wl.mu from <paramref name="from"/> to <paramref name="to"/>.</summary>
        public void Hold(long from, long to)
        {
            IEnumerable<Wait> Body(Goroutine g)
            {
                yield return Wait.For(from);
                while (!_wl.mu.Lock(g)) yield return g.Park(Site.Runnable);
                yield return Wait.For(to - from);
                foreach (var u in _wl.mu.Unlock(g)) yield return u;
            }
            _rt.Go(Body, Site.Runnable);
        }

        public Dictionary<string, string> Run()
        {
            _rt.Sim.Run(100 * Ms);
            return Outcome;
        }

        public long Evictions => _wl.Evictions;
    }

    private static Bench ThreeWaiters(WaitlistVariant v)
    {
        var b = new Bench(v);
        b.Join("A", 0);
        b.Join("B", 1 * Ms);
        b.Join("C", 2 * Ms);
        b.Return(10 * Ms);
        b.Return(11 * Ms);
        b.Return(12 * Ms);
        return b;
    }

    [Fact]
    public void Fifo_serves_the_oldest_first() =>
        Assert.Equal(new Dictionary<string, string> { ["A"] = "conn 1", ["B"] = "conn 2", ["C"] = "conn 3" }, ThreeWaiters(WaitlistVariant.Fixed).Run());

    [Fact]
    public void Lifo_serves_the_newest_first() =>
        Assert.Equal(new Dictionary<string, string> { ["C"] = "conn 1", ["B"] = "conn 2", ["A"] = "conn 3" },
            ThreeWaiters(WaitlistVariant.Fixed with { Order = WaitlistOrder.Lifo }).Run());

    [Fact]
    public void Adaptive_lifo_serves_the_newest_only_while_the_oldest_has_waited_longer_than_lifo_after()
    {
        var b = new Bench(WaitlistVariant.Fixed with { Order = WaitlistOrder.AdaptiveLifo, LifoAfter = 5 * Ms });
        b.Join("A", 0);
        b.Join("B", 1 * Ms);
        b.Join("C", 2 * Ms);
        b.Return(3 * Ms);     // the oldest (A) has waited 3 ms: FIFO, A
        b.Join("D", 4 * Ms);
        b.Return(8 * Ms);     // the oldest (B) has waited 7 ms: LIFO, D
        b.Return(9 * Ms);     // B has waited 8 ms: LIFO, C
        b.Join("E", 20 * Ms);
        b.Return(21 * Ms);    // B has waited 20 ms: LIFO, E
        b.Return(22 * Ms);    // B alone
        Assert.Equal(new Dictionary<string, string> { ["A"] = "conn 1", ["D"] = "conn 2", ["C"] = "conn 3", ["E"] = "conn 4", ["B"] = "conn 5" }, b.Run());
    }

    /// <summary>B and C expire at 5 ms but cannot remove themselves: wl.mu is held until 9.5 ms, and the woken B
    /// runs only after a 1 ms hand-off, so the returner at 10 ms takes the lock first and finds them listed.</summary>
    [Fact]
    public void Lifo_with_the_eviction_unlinks_the_expired_waiters_behind_the_newest_live_one()
    {
        var b = new Bench(WaitlistVariant.Fixed with { Order = WaitlistOrder.Lifo }, mutexHandoff: 1 * Ms);
        b.Join("A", 0);
        b.Join("B", 1 * Ms, deadline: 5 * Ms);
        b.Join("C", 2 * Ms, deadline: 5 * Ms);
        b.Hold(3 * Ms, 9_500_000);
        b.Return(10 * Ms);
        var outcome = b.Run();
        Assert.Equal("conn 1", outcome["A"]);
        Assert.Equal(2, b.Evictions);
        Assert.Equal("context deadline exceeded", outcome["B"]);
        Assert.Equal("context deadline exceeded", outcome["C"]);
    }

    /// <summary>CoDel with target 5 ms and interval 10 ms. At 20 ms the first interval ends with nothing served, so the
    /// queue is not standing: A is served, after 20 ms. At 31 ms the interval that served A (shortest wait 20 ms
    /// &gt; 5 ms) ends standing: B, C and D, waiting 31 ms, are shed from the front, and E (3 ms) is served.</summary>
    [Fact]
    public void CoDel_sheds_from_the_front_the_waiters_older_than_the_target_while_the_queue_stands()
    {
        var b = new Bench(WaitlistVariant.Fixed with { Shedding = new CoDelSettings(5 * Ms, 10 * Ms) });
        var outcome = StandingQueue(b);
        Assert.Equal("conn 1", outcome["A"]);
        Assert.Equal("conn 2", outcome["E"]);
        foreach (var shed in new[] { "B", "C", "D" }) Assert.Equal(PoolErrors.ErrTimeout.ToString(), outcome[shed]);
        Assert.Equal(3, outcome.Values.Count(v => v == PoolErrors.ErrTimeout.ToString()));
    }

    [Fact]
    public void Without_codel_the_same_waitlist_serves_the_oldest()
    {
        var b = new Bench(WaitlistVariant.Fixed);
        var outcome = StandingQueue(b);
        Assert.Equal("conn 2", outcome["B"]);
        Assert.DoesNotContain(PoolErrors.ErrTimeout.ToString(), outcome.Values);
    }

    /// <summary>A, B, C and D join at 0, E at 28 ms; connections come back at 20 and 31 ms.</summary>
    private static IReadOnlyDictionary<string, string> StandingQueue(Bench b)
    {
        foreach (var name in new[] { "A", "B", "C", "D" }) b.Join(name, 0);
        b.Join("E", 28 * Ms);
        b.Return(20 * Ms);
        b.Return(31 * Ms);
        return b.Run();
    }

    [Fact]
    public void CoDel_does_not_shed_when_the_shortest_wait_of_the_interval_was_under_the_target()
    {
        var b = new Bench(WaitlistVariant.Fixed with { Shedding = new CoDelSettings(5 * Ms, 10 * Ms) });
        b.Join("A", 0);
        b.Return(2 * Ms);       // A served after 2 ms: the interval [2, 12) has a shortest wait of 2 ms
        foreach (var name in new[] { "B", "C" }) b.Join(name, 3 * Ms);
        b.Return(13 * Ms);      // the interval ended not standing: B (10 ms) is served, not shed
        var outcome = b.Run();
        Assert.Equal("conn 2", outcome["B"]);
        Assert.DoesNotContain(PoolErrors.ErrTimeout.ToString(), outcome.Values);
    }
}
