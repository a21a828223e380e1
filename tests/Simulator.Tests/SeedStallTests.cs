using StallSim.PoolModel;
using StallSim.PoolModel.Go;
using StallSim.PoolModel.Observe;
using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Tests;

/// <summary>The shipped seed-stall scenario as shipped (the cold walk of a production heap), run once for the
/// class. On the warm walk release-23 recovers instead (<see cref="SeedStallOnTheWarmWalkTests"/>).</summary>
public sealed class SeedStallRun
{
    public SeedStallRun()
    {
        Scenario = ScenarioBinder.Bind(ShippedScenarios.Load("seed-stall"));
        Results = Runner.RunAll(Scenario, 2);
    }

    public Scenario Scenario { get; }

    public IReadOnlyList<RunResult> Results { get; }

    public RunResult Of(string variant) => Results.Single(r => r.Summary.Variant == variant);
}

/// <summary>
/// The seed's stall as an emergent outcome (docs/model.md#how-we-know-it-is-right, rung 4): nothing in the model knows which verdict a
/// scenario should reach; these assertions only read what the run produced.
/// </summary>
public class SeedStallTests(SeedStallRun run) : IClassFixture<SeedStallRun>
{
    [Fact]
    public void Release_23_stays_stalled_after_the_database_recovers()
    {
        var buggy = run.Of("buggy").Summary;
        Assert.Equal(Verdict.Metastable, buggy.Verdict);
        Assert.True(buggy.FinalGoodputPerS < 0.05 * buggy.BaselineGoodputPerS,
            $"final goodput {buggy.FinalGoodputPerS}/s is not below 5% of baseline {buggy.BaselineGoodputPerS}/s");
        // ... although new requests arrive at the baseline rate again.
        var rate = run.Scenario.Workload.Rate;
        Assert.InRange(buggy.FinalNewArrivalsPerS, 0.95 * rate, 1.05 * rate);
        Assert.True(buggy.WastedHandoffs > 0, "the stall hands connections to requests whose deadline has passed");
        // "none of the mutex waiters showed a , N minutes tag": the convoy turns over, nobody waits a minute on wl.mu.
        Assert.InRange(buggy.LongestMutexWaitS, 1, 60);
    }

    [Fact]
    public void The_fix_recovers_within_10_seconds_of_the_trigger_end()
    {
        var fixedRun = run.Of("fixed").Summary;
        Assert.Equal(Verdict.Recovered, fixedRun.Verdict);
        Assert.NotNull(fixedRun.RecoveryS);
        Assert.InRange(fixedRun.RecoveryS!.Value, 0, 10);
        Assert.Equal(0, fixedRun.WastedHandoffs);
    }

    [Fact]
    public void The_census_of_the_stall_has_the_shape_of_the_production_dump()
    {
        var census = Assert.Single(run.Of("buggy").Census);
        Assert.True(census.AtPeak);
        int At(string site) => census.Sites.FirstOrDefault(s => s.Site.Name == site).Goroutines;
        var onMutex = census.Sites.Where(s => s.Site.InMutexLock).Sum(s => s.Goroutines);

        // The seed: 95% on wl.mu and 10 of 19,177 parked healthily at :60; 152 of its 440 returners at :179.
        Assert.True(onMutex >= 0.90 * census.Total, $"{onMutex} of {census.Total} goroutines on wl.mu");
        Assert.InRange(At("waitlist.go:55") / (double)onMutex, 0.35, 0.65);
        Assert.InRange(At("waitlist.go:89") / (double)onMutex, 0.35, 0.65);
        var returners = At("waitlist.go:149") + At("waitlist.go:179");
        var capacity = run.Scenario.Pool.Capacity;
        Assert.InRange(returners, 0.8 * capacity, 1.2 * capacity);
        Assert.InRange(At("waitlist.go:179") / (double)returners, 0.15, 0.60);
        Assert.Equal(0, At("mysql I/O"));
    }

    [Fact]
    public void Conservation_holds_at_every_sample_of_the_stall()
    {
        foreach (var s in run.Results.SelectMany(r => r.Samples))
        {
            Assert.Equal(s.RequestsArrived, s.RequestsFinished + s.RequestsInFlight);
            Assert.Equal(s.Active, s.InUse + s.Idle + s.Returning + s.Dialing);
        }
    }
}

/// <summary>seed-stall on the warm walk (the list hot in cache, 9 to 11 ns per element at the lengths it
/// reaches): the self-removal walks hold wl.mu too briefly to sustain a convoy, and release-23 recovers from the
/// seed's episode. The verdict turns on where the list's nodes sit (README, `stallsim margins seed-stall`).</summary>
public class SeedStallOnTheWarmWalkTests
{
    [Fact]
    public void Release_23_recovers_when_the_list_is_hot_in_cache()
    {
        var tree = ShippedScenarios.Load("seed-stall");
        Cli.ScenarioInput.ApplySets(tree, ["go.costs.scan_per_element=warm"]);
        var scenario = ScenarioBinder.Bind(tree) with { Variants = ["buggy"] };
        var buggy = Assert.Single(Runner.RunAll(scenario, 1)).Summary;
        Assert.Equal(Verdict.Recovered, buggy.Verdict);
        Assert.True(buggy.FinalGoodputPerS > 0.95 * buggy.BaselineGoodputPerS, $"final {buggy.FinalGoodputPerS}/s, baseline {buggy.BaselineGoodputPerS}/s");
        Assert.True(buggy.PeakWaitlist > 10_000, "the episode still builds a long waitlist");
    }
}
