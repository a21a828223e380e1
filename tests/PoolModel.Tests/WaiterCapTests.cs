using StallSim.PoolModel.Server;
using StallSim.Engine;
using StallSim.PoolModel.Observe;
using StallSim.PoolModel.Pool;
using StallSim.PoolModel.Waitlist;
using StallSim.PoolModel.Workload;

namespace StallSim.PoolModel.Tests;

/// <summary>The waiter cap of later main (docs/model.md#the-waiter-cap-of-later-main): the list never grows past it, and the requests
/// it turns away fail at once as ResourceExhausted.</summary>
public class WaiterCapTests
{
    [Fact]
    public void The_list_never_exceeds_the_cap_and_the_excess_fails_fast()
    {
        var scenario = new Scenario
        {
            Name = "cap",
            Horizon = 20 * Units.Second,
            Pool = new PoolSettings { Capacity = 5, Dial = 0 },
            Workload = new WorkloadSettings
            {
                Rate = 500,   // far more than 5 connections serve at 100 ms each
                Deadline = new DurationDistribution.Constant(2 * Units.Second),
                Service = new DurationDistribution.Constant(100 * Units.Millisecond),
            },
        };
        var capped = WaitlistVariant.Fixed with { Name = "fixed+cap", MaxWaiters = 40 };
        var world = new World(scenario, capped, 1);
        var result = world.Run();
        Assert.All(result.Samples, s => Assert.InRange(s.WaitlistLength, 0, 40));
        Assert.Equal(40, result.Summary.PeakWaitlist);
        Assert.True(world.Counters[Outcome.PoolTimeout] > 0.5 * world.Counters.Arrived);

        var uncapped = new World(scenario, WaitlistVariant.Fixed, 1).Run();
        Assert.True(uncapped.Summary.PeakWaitlist > 40);
    }
}
