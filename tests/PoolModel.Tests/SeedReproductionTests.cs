using StallSim.PoolModel.Conns;
using StallSim.Engine;
using StallSim.PoolModel.Go;
using StallSim.PoolModel.Pool;
using StallSim.PoolModel.Waitlist;

namespace StallSim.PoolModel.Tests;

/// <summary>
/// The seed's "Reproduction Steps" 1 to 4, deterministically (docs/model.md#the-waitlist-in-release-230): fill a small pool,
/// queue a backlog whose contexts will expire and live requests behind it, hold wl.mu while the held
/// connections are recycled and the backlog expires, then release it.
/// </summary>
public class SeedReproductionTests
{
    private sealed record GetResult(string Who, bool GotConnection, bool DeadlinePassed, long At);

    private static List<GetResult> Reproduce(WaitlistVariant variant)
    {
        var sim = new Simulation(7);
        var runtime = new GoRuntime(sim, new RuntimeSettings());
        var pool = new ConnPool(new PoolSettings { Capacity = 2, Dial = 0 }, new Waitlist.Waitlist(runtime, variant, new CodeCosts(), sim.Random["select"]));
        var results = new List<GetResult>();
        var held = new List<Conn>();

        IEnumerable<Wait> Request(Goroutine g, string who, long startAt, long deadline)
        {
            yield return Wait.For(startAt);
            var ctx = new Context(runtime, deadline);
            var got = new Returns<Conn>();
            foreach (var w in pool.Get(g, ctx, got)) yield return w;
            results.Add(new GetResult(who, got.Value is not null, ctx.Expired, g.Now));
            if (got.Value is { } conn && who.StartsWith("holder")) held.Add(conn);
        }

        // 1. A pool of capacity 2, both connections taken.
        runtime.Go(g => Request(g, "holder-1", 0, Units.Hour), Site.Runnable);
        runtime.Go(g => Request(g, "holder-2", 0, Units.Hour), Site.Runnable);
        // 2. A backlog whose contexts expire at 100us while waiting, then live requests behind it.
        for (var i = 1; i <= 5; i++)
        {
            var name = $"backlog-{i}";
            runtime.Go(g => Request(g, name, Units.Microsecond * i, 100 * Units.Microsecond), Site.Runnable);
        }
        runtime.Go(g => Request(g, "live-1", 10 * Units.Microsecond, Units.Hour), Site.Runnable);
        runtime.Go(g => Request(g, "live-2", 11 * Units.Microsecond, Units.Hour), Site.Runnable);

        // 3. Hold wl.mu (standing in for the convoy), recycle the held connections so the returners park on
        //    it, and let the backlog's deadlines pass behind them.
        IEnumerable<Wait> Convoy(Goroutine g)
        {
            yield return Wait.For(20 * Units.Microsecond);
            while (!pool.Wait.mu.Lock(g)) yield return g.Park(BlockingSites.WorkerLock);
            yield return Wait.For(500 * Units.Microsecond);
            // 4. Release the mutex.
            foreach (var u in pool.Wait.mu.Unlock(g)) yield return u;
        }
        IEnumerable<Wait> Returner(Goroutine g, int index)
        {
            yield return Wait.For(30 * Units.Microsecond);
            foreach (var w in pool.Recycle(g, held[index])) yield return w;
        }
        runtime.Go(Convoy, Site.Runnable);
        runtime.Go(g => Returner(g, 0), Site.Runnable);
        runtime.Go(g => Returner(g, 1), Site.Runnable);
        sim.Run(Units.Second);
        return results;
    }

    [Fact]
    public void Release_23_hands_connections_to_requests_whose_deadline_has_passed()
    {
        var results = Reproduce(WaitlistVariant.Buggy);
        var deliveredToDead = results.Where(r => r.GotConnection && r.DeadlinePassed).ToList();
        Assert.NotEmpty(deliveredToDead);
        Assert.All(deliveredToDead, r => Assert.StartsWith("backlog-", r.Who));
        // The live requests did not get the returned connections.
        Assert.DoesNotContain(results, r => r.Who.StartsWith("live-") && r.GotConnection);
    }

    [Fact]
    public void A_returner_that_only_skips_expired_waiters_serves_the_live_ones()
    {
        var results = Reproduce(WaitlistVariant.Buggy with { Name = "buggy+check", ExpiryCheck = ExpiryCheck.Skip });
        Assert.DoesNotContain(results, r => r.GotConnection && r.DeadlinePassed);
        Assert.True(results.Single(r => r.Who == "live-1").GotConnection);
        Assert.True(results.Single(r => r.Who == "live-2").GotConnection);
    }

    [Fact]
    public void The_fix_never_hands_a_connection_to_an_expired_request_and_serves_every_live_one()
    {
        var results = Reproduce(WaitlistVariant.Fixed);
        Assert.DoesNotContain(results, r => r.GotConnection && r.DeadlinePassed);
        Assert.True(results.Single(r => r.Who == "live-1").GotConnection);
        Assert.True(results.Single(r => r.Who == "live-2").GotConnection);
        Assert.Equal(5, results.Count(r => r.Who.StartsWith("backlog-") && !r.GotConnection));
    }
}
