using BenchmarkDotNet.Attributes;

namespace StallSim.Bench;

/// <summary>docs/benchmarks.md#timeouts, run phase only (set-up happens per iteration).</summary>
[MemoryDiagnoser]
[Config(typeof(FiveIterations))]
public class EngineBenchmarks
{
    private EngineWorkloads.Timeouts _timeouts = null!;

    [Params(1_000, 10_000, 100_000)]
    public int Processes;

    [IterationSetup(Target = nameof(Timeouts))]
    public void SetUpTimeouts() => _timeouts = new EngineWorkloads.Timeouts(Processes, 42);

    /// <summary>About 2,000,000 timeouts whatever N is (T = 2,000,000 / N).</summary>
    [Benchmark]
    public long Timeouts()
    {
        _timeouts.Run(2_000_000.0 / Processes);
        return _timeouts.Count;
    }

}

/// <summary>docs/benchmarks.md#mmc: c = 50, rho = 0.9, 10^6 customers, seed 42, run phase only.</summary>
[MemoryDiagnoser]
[Config(typeof(FiveIterations))]
public class MmcBenchmark
{
    private EngineWorkloads.Mmc _mmc = null!;

    [IterationSetup]
    public void SetUp() => _mmc = new EngineWorkloads.Mmc(1_000_000, 50, 0.9, 42);

    [Benchmark]
    public long Mmc()
    {
        _mmc.Run();
        return _mmc.Done;
    }
}
