using StallSim.PoolModel.Server;
using StallSim.Engine;
using StallSim.PoolModel.Go;
using StallSim.PoolModel.Observe;
using StallSim.PoolModel.Pool;
using StallSim.PoolModel.Waitlist;
using StallSim.PoolModel.Workload;

namespace StallSim.PoolModel.Tests;

/// <summary>The operator's pool (docs/model.md#vttablets-pools): a pool timeout that is not the request's
/// deadline, loads that change over time, retry policies and budgets.</summary>
public class OperatorPoolTests
{
    private static Scenario Base(double rate, int capacity, long service) => new()
    {
        Name = "operator",
        Horizon = 60 * Units.Second,
        SampleEvery = 100 * Units.Millisecond,
        Pool = new PoolSettings { Capacity = capacity, Dial = 0 },
        Workload = new WorkloadSettings
        {
            Rate = rate,
            Deadline = new DurationDistribution.Constant(8 * Units.Second),
            Service = new DurationDistribution.Constant(service),
        },
    };

    [Fact]
    public void A_pool_timeout_fails_the_wait_at_1s_while_goodput_is_judged_by_the_requests_own_8s()
    {
        // 20 connections, 2 s queries: 10 requests/s of capacity; a stage at 3x for 20 s makes waits exceed 1 s.
        var scenario = Base(8, 20, 2 * Units.Second) with
        {
            Pool = new PoolSettings { Capacity = 20, Dial = 0, Timeout = Units.Second },
            Workload = Base(8, 20, 2 * Units.Second).Workload with { Stages = [new Stage(10 * Units.Second, 8, false), new Stage(20 * Units.Second, 30, false)] },
        };
        var world = new World(scenario, WaitlistVariant.Fixed, 1);
        var result = world.Run();
        var c = world.Counters;
        Assert.True(c[Outcome.PoolTimeout] > 100, $"{c[Outcome.PoolTimeout]} pool timeouts");
        Assert.Equal(c[Outcome.PoolTimeout], result.Summary.Counts.ResourceExhausted);
        // No Get outlives the pool timeout by more than its timer's lag (the shipped profile's runtime: netpoll sleeps in
        // whole milliseconds, then wakes its slack late) and the self-removal's microseconds: under 2 ms, never 2 s.
        Assert.InRange(c.LongestGet, Units.Second, Units.Second + 2 * Units.Millisecond);
        // Every served request took longer than the pool timeout (2 s queries), and still counts as goodput.
        Assert.True(c[Outcome.Served] > 300, $"{c[Outcome.Served]} served");
        Assert.True(c.Phases.All(p => p.RequestLatency.TotalCount == 0 || p.RequestLatency.GetValueAtPercentile(0) >= 2_000_000));
        Assert.Equal(0, c[Outcome.DeadOnArrival]);
    }

    private static double MeanNewRate(IReadOnlyList<Sample> samples, double from, double to) =>
        samples.Where(s => s.TimeS > from + 1e-9 && s.TimeS <= to + 1e-9).Average(s => s.NewArrivalsPerS);

    [Fact]
    public void Stages_and_triggers_offer_the_load_they_describe()
    {
        var scenario = Base(2000, 2000, Units.Millisecond) with
        {
            Workload = Base(2000, 2000, Units.Millisecond).Workload with
            {
                Stages =
                [
                    new Stage(15 * Units.Second, 2000, false),
                    new Stage(15 * Units.Second, 1000, true),    // ramps from 1000/s to 4000/s: mean 2500/s
                    new Stage(15 * Units.Second, 4000, false),
                ],
                Triggers = [new Trigger { Kind = TriggerKind.LoadSpike, Start = 50 * Units.Second, Duration = 5 * Units.Second, Factor = 3 }],
            },
        };
        var samples = new World(scenario, WaitlistVariant.Fixed, 7).Run().Samples;
        Assert.InRange(MeanNewRate(samples, 0, 15), 2000 * 0.95, 2000 * 1.05);
        Assert.InRange(MeanNewRate(samples, 15, 30), 2500 * 0.95, 2500 * 1.05);
        Assert.InRange(MeanNewRate(samples, 15, 20), (1000 + 2000) / 2.0 * 0.95, (1000 + 2000) / 2.0 * 1.05);   // the ramp's first third
        Assert.InRange(MeanNewRate(samples, 30, 45), 4000 * 0.95, 4000 * 1.05);
        Assert.InRange(MeanNewRate(samples, 45, 50), 2000 * 0.95, 2000 * 1.05);   // after the stages: workload.rate
        Assert.InRange(MeanNewRate(samples, 50, 55), 6000 * 0.95, 6000 * 1.05);   // the spike: 3 × 2000/s
        Assert.InRange(MeanNewRate(samples, 0, 60), (30_000 + 37_500 + 60_000 + 10_000 + 30_000 + 10_000) / 60.0 * 0.98,
            (30_000 + 37_500 + 60_000 + 10_000 + 30_000 + 10_000) / 60.0 * 1.02);
    }

    [Fact]
    public void A_replayed_curve_offers_its_rates()
    {
        var scenario = Base(500, 2000, Units.Millisecond) with
        {
            Workload = Base(500, 2000, Units.Millisecond).Workload with
            {
                Replay = [(0, 500), (20 * Units.Second, 3000), (40 * Units.Second, 1200)],
            },
        };
        var samples = new World(scenario, WaitlistVariant.Fixed, 3).Run().Samples;
        Assert.InRange(MeanNewRate(samples, 0, 20), 500 * 0.95, 500 * 1.05);
        Assert.InRange(MeanNewRate(samples, 20, 40), 3000 * 0.95, 3000 * 1.05);
        Assert.InRange(MeanNewRate(samples, 40, 60), 1200 * 0.95, 1200 * 1.05);
    }

    /// <summary>An overloaded pool with a short pool timeout: most Gets fail with ResourceExhausted.</summary>
    private static Scenario RetryStorm(RetryBudget? budget, RetryOn on, long poolTimeout) => Base(400, 10, 100 * Units.Millisecond) with
    {
        Pool = new PoolSettings { Capacity = 10, Dial = 0, Timeout = poolTimeout },
        Workload = Base(400, 10, 100 * Units.Millisecond).Workload with
        {
            Deadline = new DurationDistribution.Constant(Units.Second),
            Retries = new RetrySettings { Max = 3, On = on, Backoff = new Backoff { Initial = 10 * Units.Millisecond }, Budget = budget },
        },
    };

    [Fact]
    public void A_retry_budget_keeps_retries_under_its_share_of_requests_plus_the_minimum()
    {
        var unbounded = new World(RetryStorm(null, RetryOn.PoolTimeout, 50 * Units.Millisecond), WaitlistVariant.Fixed, 5);
        unbounded.Run();
        Assert.True(unbounded.Counters.RetryArrivals > 0.5 * unbounded.Counters.NewArrivals, "without a budget the clients retry most failures");

        var world = new World(RetryStorm(new RetryBudget(0.1, 10), RetryOn.PoolTimeout, 50 * Units.Millisecond), WaitlistVariant.Fixed, 5);
        var samples = world.Run().Samples;
        var c = world.Counters;
        Assert.True(c.RetriesDenied > 0);
        Assert.InRange(c.RetryArrivals, 1, 0.1 * c.NewArrivals + 10 * 60);
        // And in every 10 s stretch (100 samples), allowing for the retries decided just before it and sent within it.
        for (var i = 0; i + 100 <= samples.Count; i += 100)
        {
            var window = samples.Skip(i).Take(100).ToList();
            var newRequests = window.Sum(s => s.NewArrivalsPerS) / 10;
            var retries = window.Sum(s => s.OfferedPerS - s.NewArrivalsPerS) / 10;
            Assert.InRange(retries, 0, 0.1 * newRequests + 10 * 10 + 0.1 * 400 * 0.04 + 5);
        }
    }

    [Fact]
    public void Clients_retry_only_the_failures_they_retry_on()
    {
        // No pool timeout: every failure is the request's own deadline, which these clients do not retry.
        var world = new World(RetryStorm(null, RetryOn.PoolTimeout, 0), WaitlistVariant.Fixed, 5);
        world.Run();
        Assert.True(world.Counters[Outcome.PoolTimeout] + world.Counters[Outcome.QueryDeadline] > 1000);
        Assert.Equal(0, world.Counters.RetryArrivals);
        var onDeadline = new World(RetryStorm(null, RetryOn.Deadline, 0), WaitlistVariant.Fixed, 5);
        onDeadline.Run();
        Assert.True(onDeadline.Counters.RetryArrivals > 1000);
    }

    [Fact]
    public void The_backoff_grows_by_its_multiplier_up_to_its_maximum()
    {
        var b = new Backoff { Initial = 100 * Units.Millisecond, Multiplier = 2, Max = 500 * Units.Millisecond };
        Assert.Equal([100e6, 200e6, 400e6, 500e6, 500e6], Enumerable.Range(1, 5).Select(b.Before));
    }
}
