using StallSim.Engine;
using StallSim.PoolModel;
using StallSim.PoolModel.Observe;
using StallSim.PoolModel.Pool;
using StallSim.PoolModel.Waitlist;
using StallSim.PoolModel.Workload;
using StallSim.Simulator.Scenarios;

namespace StallSim.Bench;

/// <summary>The model benchmarks: one seed-stall run per preset, and the simulator's cost per event against
/// the length of the waitlist it simulates.</summary>
public static class ModelWorkloads
{
    public static Scenario SeedStall() => ScenarioBinder.Bind(ShippedScenarios.Load("seed-stall"));

    /// <summary>A saturated pool whose waitlist holds about <paramref name="length"/> waiters: 1000 requests/s
    /// join, 50/s are served, the rest time out after length/1000 s and remove themselves (release-23: an
    /// O(position) scan in virtual time). Locks are cheap enough that the mutex never saturates. On the shipped
    /// profile (a new Scenario's), as a shipped scenario runs: its costs, two processors and Go's scheduler with every mechanism on.</summary>
    public static Scenario Waitlist(int length) => new()
    {
        Name = $"waitlist-{length}",
        Horizon = 300 * Units.Second,
        SampleEvery = Units.Second,
        Pool = new PoolSettings { Capacity = 50, Dial = 0 },
        Workload = new WorkloadSettings
        {
            Rate = 1000,
            Deadline = new DurationDistribution.Constant(length * Units.Millisecond),
            Service = new DurationDistribution.Constant(Units.Second),
        },
    };

    /// <summary>The same saturated pool with about <paramref name="length"/> waiters, but as many live goroutines
    /// as the 20k-long list has (about 20,000): the other goroutines hold connections in 20 s queries that run
    /// past their 1 s deadline. Compared with <see cref="Waitlist"/>(20000), only the list's length differs,
    /// not the number of goroutines whose state the simulator keeps.</summary>
    public static Scenario WaitlistAmongGoroutines(int length, int goroutines)
    {
        const int rate = 1000;
        var service = 20 * Units.Second;
        var inQueries = goroutines - length;
        return new()
        {
            Name = $"waitlist-{length}-among-{goroutines}",
            Horizon = 300 * Units.Second,
            SampleEvery = Units.Second,
            // Served at 95% of the arrival rate: the rest wait out their deadline at the back of the list.
            Pool = new PoolSettings { Capacity = inQueries, Dial = 0 },
            Workload = new WorkloadSettings
            {
                Rate = rate,
                Deadline = new DurationDistribution.Constant(length * Units.Second / rate),
                Service = new DurationDistribution.Constant(service),
                CutQueryAtDeadline = false,
            },
        };
    }

    /// <summary>About <paramref name="count"/> goroutines parked in the waitlist's select for the whole run: one
    /// connection, held by the first request for 100 s; the others arrive over 10 s with 100 s deadlines and wait.</summary>
    public static Scenario Parked(int count) =>
        new()
        {
            Name = $"parked-{count}",
            Horizon = 10 * Units.Second,
            SampleEvery = Units.Second,
            Variants = ["fixed"],
            Pool = new PoolSettings { Capacity = 1, Dial = 0 },
            Workload = new WorkloadSettings
            {
                Rate = count / 10.0,
                Deadline = new DurationDistribution.Constant(100 * Units.Second),
                Service = new DurationDistribution.Constant(100 * Units.Second),
            },
        };

    public static (RunResult Result, double RunSeconds) Run(Scenario scenario, WaitlistVariant variant, ulong seed)
    {
        var world = new World(scenario, variant, seed);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = world.Run();
        return (result, watch.Elapsed.TotalSeconds);
    }
}
