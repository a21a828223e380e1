using StallSim.Engine;
using StallSim.PoolModel.Pool;
using StallSim.PoolModel.Waitlist;
using StallSim.PoolModel.Workload;

namespace StallSim.PoolModel.Tests;

/// <summary>The run stops before anything due at its horizon happens; a census asked for at the horizon (or left to
/// its default, which is the horizon) is still taken, of the state the run ends in.</summary>
public class CensusAtHorizonTests
{
    private static Scenario Busy(IReadOnlyList<long> censusAt) => new()
    {
        Name = "census-at-horizon",
        Horizon = 5 * Units.Second,
        CensusAt = censusAt,
        Pool = new PoolSettings { Capacity = 10 },
        Workload = new WorkloadSettings
        {
            Rate = 400,   // twice what 10 connections at 50 ms serve: a waitlist is always there
            Deadline = new DurationDistribution.Constant(Units.Second),
            Service = new DurationDistribution.Constant(50 * Units.Millisecond),
        },
    };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_census_at_the_horizon_counts_the_goroutines_the_run_ends_with(bool named)
    {
        var result = new World(Busy(named ? [2 * Units.Second, 5 * Units.Second] : []), WaitlistVariant.Fixed, 1).Run();
        var last = result.Census[^1];
        Assert.Equal(5.0, last.TimeS);
        Assert.Equal(named ? 2 : 1, result.Census.Count);
        // Ten connections in MySQL I/O and a waitlist of hundreds: far more than ten goroutines.
        Assert.True(last.Total > 100, $"{last.Total} goroutines at the horizon");
        Assert.True(last.WaitlistLength > 0, "a waitlist at the horizon");
    }
}
