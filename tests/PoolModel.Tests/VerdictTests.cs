using StallSim.Engine;
using StallSim.PoolModel.Observe;
using StallSim.PoolModel.Pool;
using StallSim.PoolModel.Waitlist;
using StallSim.PoolModel.Workload;

namespace StallSim.PoolModel.Tests;

/// <summary>Verdicts that do not flip on noise (docs/model.md#verdicts): a healthy pool is stable whatever its
/// seed, a run with nothing to compare against says so, and a fall with no trigger is degraded.</summary>
public class VerdictTests
{
    private static Scenario Healthy(double rate) => new()
    {
        Name = "healthy",
        Horizon = 120 * Units.Second,
        SampleEvery = 100 * Units.Millisecond,
        Pool = new PoolSettings { Capacity = 50, Dial = 0 },
        Workload = new WorkloadSettings
        {
            Rate = rate,
            Deadline = new DurationDistribution.Constant(5 * Units.Second),
            Service = new DurationDistribution.Exponential(50 * Units.Millisecond),
        },
    };

    [Fact]
    public void A_hundred_seeds_of_a_healthy_pool_without_a_trigger_are_all_stable()
    {
        var verdicts = Enumerable.Range(1, 100).Select(seed => new World(Healthy(100), WaitlistVariant.Fixed, (ulong)seed).Run().Summary.Verdict).ToList();
        Assert.All(verdicts, v => Assert.Equal(Verdict.Stable, v));
    }

    [Fact]
    public void A_run_whose_goodput_is_zero_from_the_start_has_no_baseline()
    {
        // Every query outlasts its deadline: nothing is ever served in time.
        var scenario = Healthy(100) with { Workload = Healthy(100).Workload with { Service = new DurationDistribution.Constant(10 * Units.Second) } };
        var summary = new World(scenario, WaitlistVariant.Fixed, 1).Run().Summary;
        Assert.Equal(Verdict.NoBaseline, summary.Verdict);
        Assert.Contains("no request was served", summary.VerdictReason);
    }

    [Fact]
    public void Too_few_requests_per_window_is_no_baseline_rather_than_stable()
    {
        var summary = new World(Healthy(10), WaitlistVariant.Fixed, 1).Run().Summary;   // 50 per 5 s window
        Assert.Equal(Verdict.NoBaseline, summary.Verdict);
        Assert.Contains("at least 100", summary.VerdictReason);
    }

    [Fact]
    public void A_fall_without_a_trigger_is_degraded_never_recovered()
    {
        // The replayed load drops to a fifth after 90 s and comes back at 105 s: goodput falls with it, and it was
        // no trigger's doing, so there is nothing the pool recovered from, although goodput comes back.
        var scenario = Healthy(500) with
        {
            Workload = Healthy(500).Workload with { Replay = [(0, 500), (90 * Units.Second, 100), (105 * Units.Second, 500)] },
        };
        var summary = new World(scenario, WaitlistVariant.Fixed, 2).Run().Summary;
        Assert.Equal(Verdict.Degraded, summary.Verdict);
        Assert.Contains("no trigger", summary.VerdictReason);
        Assert.Equal(Verdict.Stable, new World(Healthy(500), WaitlistVariant.Fixed, 2).Run().Summary.Verdict);
    }
}
