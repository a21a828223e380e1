using StallSim.Engine;
using StallSim.PoolModel.Pool;
using StallSim.PoolModel.Waitlist;
using StallSim.PoolModel.Workload;

namespace StallSim.PoolModel.Tests;

/// <summary>A run that holds more live goroutines than its limit stops at the arrival that finds the limit reached,
/// and says where; without a limit the same run goes to its horizon.</summary>
public class RunLimitTests
{
    private static readonly Scenario Piling = new()
    {
        Name = "piling",
        Horizon = 10 * Units.Second,
        Pool = new PoolSettings { Capacity = 1, Dial = 0 },
        Workload = new WorkloadSettings
        {
            Rate = 100, // one connection held for 100 s: every later request waits, 100 more each second
            Deadline = new DurationDistribution.Constant(100 * Units.Second),
            Service = new DurationDistribution.Constant(100 * Units.Second),
        },
    };

    [Fact]
    public void A_run_stops_at_the_arrival_that_finds_its_goroutine_limit_reached()
    {
        var limited = Piling with { GoroutineLimit = 300 };
        var stopped = Assert.Throws<RunLimitExceeded>(() => new World(limited, WaitlistVariant.Buggy, 7).Run());
        Assert.Equal(("piling", "buggy", 7UL, 300, 300), (stopped.Scenario, stopped.Variant, stopped.Seed, stopped.Goroutines, stopped.Limit));
        // About 300 arrivals at 100/s, less the pool's worker and the goroutines that started: near 3 s.
        Assert.InRange(stopped.At, 2 * Units.Second, 4 * Units.Second);

        var whole = new World(Piling, WaitlistVariant.Buggy, 7).Run();
        Assert.True(whole.Summary.PeakWaitlist > 900);
    }
}
