using StallSim.PoolModel.Server;
using CsCheck;
using StallSim.PoolModel.Observe;
using StallSim.PoolModel.Pool;
using StallSim.PoolModel.Waitlist;
using StallSim.PoolModel.Workload;

namespace StallSim.PoolModel.Tests;

/// <summary>
/// Over 1,000 random scenarios (random switches, triggers, restarts, retries), requests and connections followed
/// by identity: every request sent ends exactly once (served, timed out, failed) or is still in flight at the
/// horizon, nothing ends that was not sent, and a connection is never lent to two requests at once nor given
/// back unlent; at the end, the connections lent out are the pool's borrowed count.
/// </summary>
public class RequestIdentityPropertyTests
{
    private sealed class Ledger
    {
        public readonly HashSet<long> Sent = [];
        public readonly Dictionary<long, Outcome> Ended = [];
        public HashSet<int> LentNow = [];

        public void Follow(ConnPool pool)
        {
            var lent = new HashSet<int>();
            LentNow = lent;   // a restart's new pool starts a new ledger; the old pool's connections died with it
            pool.Lent = c => Assert.True(lent.Add(c.Id), $"connection {c.Id} lent while already lent");
            pool.GivenBack = c => Assert.True(lent.Remove(c.Id), $"connection {c.Id} given back but not lent");
        }
    }

    private static void Check(Scenario scenario, WaitlistVariant variant, ulong seed)
    {
        var world = new World(scenario, variant, seed);
        var ledger = new Ledger();
        world.Clients.Sent = r => Assert.True(ledger.Sent.Add(r.Id), $"request {r.Id} sent twice");
        world.Clients.Ended = (r, outcome) =>
        {
            Assert.True(ledger.Sent.Contains(r.Id), $"request {r.Id} ended but was never sent");
            Assert.True(ledger.Ended.TryAdd(r.Id, outcome), $"request {r.Id} ended twice ({ledger.Ended.GetValueOrDefault(r.Id)}, then {outcome})");
        };
        ledger.Follow(world.Tablet.Pool);
        world.TabletReplaced += t => ledger.Follow(t.Pool);
        world.Run();

        Assert.NotEmpty(ledger.Sent);
        var inFlight = ledger.Sent.Count(id => !ledger.Ended.ContainsKey(id));
        Assert.Equal(world.Clients.InFlight, inFlight);
        Assert.Equal(world.Tablet.Pool.Counters.Borrowed, ledger.LentNow.Count);
    }

    private static readonly Gen<(Scenario Scenario, int Variant, ulong Seed)> Cases =
        from scenario in ConservationPropertyTests.Scenarios
        from variant in Gen.Int[0, 2]
        from seed in Gen.ULong[1, 1000]
        select (scenario, variant, seed);

    [Fact]
    public void Every_request_ends_once_and_no_connection_is_lent_twice() =>
        Cases.Sample(c => Check(c.Scenario, c.Variant switch
        {
            0 => WaitlistVariant.Buggy,
            1 => WaitlistVariant.Fixed,
            _ => c.Scenario.CustomVariants[0],
        }, c.Seed), iter: 1000);
}
