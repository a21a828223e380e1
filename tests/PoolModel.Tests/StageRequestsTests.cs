using StallSim.Engine;
using StallSim.PoolModel.Pool;
using StallSim.PoolModel.Waitlist;
using StallSim.PoolModel.Workload;

namespace StallSim.PoolModel.Tests;

/// <summary>A stage as a load harness writes it: its own deadline for the requests sent in it, and its own query time
/// for the queries started in it; before and after it, the workload's.</summary>
public class StageRequestsTests
{
    [Fact]
    public void A_timeout_storm_stage_gives_its_requests_its_deadline_and_its_queries_its_time()
    {
        var storm = new Stage(3 * Units.Second, 300, false, new DurationDistribution.Constant(2 * Units.Millisecond),
            new DurationDistribution.Constant(40 * Units.Millisecond));
        var scenario = new Scenario
        {
            Horizon = 12 * Units.Second,
            Pool = new PoolSettings { Capacity = 50, Dial = 0 },
            Workload = new WorkloadSettings
            {
                Rate = 100,
                Deadline = new DurationDistribution.Constant(8 * Units.Second),
                Service = new DurationDistribution.Constant(5 * Units.Millisecond),
                Stages = [new Stage(5 * Units.Second, 100, false), storm],
            },
        };
        var world = new World(scenario, WaitlistVariant.Fixed, 1);
        var sent = new List<(long At, long Deadline)>();
        world.Clients.Sent = r => sent.Add((r.ArrivedAt, r.Deadline - r.ArrivedAt));
        world.Run();
        bool InStorm(long t) => t >= 5 * Units.Second && t < 8 * Units.Second;
        Assert.True(sent.Count(s => InStorm(s.At)) > 500, $"{sent.Count(s => InStorm(s.At))} requests in the storm");
        Assert.All(sent.Where(s => InStorm(s.At)), s => Assert.Equal(2 * Units.Millisecond, s.Deadline));
        Assert.All(sent.Where(s => !InStorm(s.At)), s => Assert.Equal(8 * Units.Second, s.Deadline));

        var load = new LoadProfile(scenario.Workload);
        var db = new Database(scenario.Workload.Service, load, new Simulation(1).Random["service"]);
        Assert.Equal(5 * Units.Millisecond, db.QueryTime(4 * Units.Second));
        Assert.Equal(40 * Units.Millisecond, db.QueryTime(5 * Units.Second));
        Assert.Equal(5 * Units.Millisecond, db.QueryTime(8 * Units.Second));
    }
}
