using BenchmarkDotNet.Attributes;
using StallSim.PoolModel;
using StallSim.PoolModel.Waitlist;

namespace StallSim.Bench;

/// <summary>One full seed-stall run (300 s of virtual time) per preset.</summary>
[MemoryDiagnoser]
[Config(typeof(ThreeIterations))]
public class SeedStallBenchmarks
{
    private readonly Scenario _scenario = ModelWorkloads.SeedStall();

    [Params("buggy", "fixed")]
    public string Variant = "buggy";

    [Benchmark]
    public long SeedStallRun() => new World(_scenario, _scenario.ResolveVariant(Variant), 1).Run().Summary.Events;
}

/// <summary>Cost of a simulated event with a 1k-long and a 20k-long release-23 waitlist: the O(position)
/// self-removal is charged in virtual time, not walked, so the two should cost the same per event.</summary>
[Config(typeof(ThreeIterations))]
public class WaitlistLengthBenchmarks
{
    [Params(1_000, 20_000)]
    public int Length;

    [Benchmark]
    public long SaturatedPool() => new World(ModelWorkloads.Waitlist(Length), WaitlistVariant.Buggy, 1).Run().Summary.Events;
}

/// <summary>A 1k-long waitlist among as many goroutines as the 20k-long one has (about 20,000): set against
/// <see cref="WaitlistLengthBenchmarks"/>, it tells the list's length apart from the number of goroutines.</summary>
[Config(typeof(ThreeIterations))]
public class WaitlistAmongGoroutinesBenchmarks
{
    [Benchmark]
    public long SaturatedPoolWithOneThousandWaitersAmongTwentyThousandGoroutines() =>
        new World(ModelWorkloads.WaitlistAmongGoroutines(1_000, 20_000), WaitlistVariant.Buggy, 1).Run().Summary.Events;
}
