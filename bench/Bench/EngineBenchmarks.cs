using BenchmarkDotNet.Attributes;

namespace StallSim.Bench;

/// <summary>ENGINE-BENCH.md "timeouts" and "mmc", run phase only (set-up happens per iteration).</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class EngineBenchmarks
{
    private EngineWorkloads.Timeouts _timeouts = null!;
    private EngineWorkloads.Mmc _mmc = null!;

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

    [IterationSetup(Target = nameof(Mmc))]
    public void SetUpMmc() => _mmc = new EngineWorkloads.Mmc(1_000_000, 50, 0.9, 42);

    [Benchmark]
    public long Mmc()
    {
        _mmc.Run();
        return _mmc.Done;
    }
}
