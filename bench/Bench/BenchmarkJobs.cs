using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace StallSim.Bench;

/// <summary>
/// The job every benchmark class runs: one process, one warm-up, a few single-invocation iterations (a run is
/// long enough to time alone), with the runtime settings of the stallsim CLI. BenchmarkDotNet builds its own
/// project, which inherits server GC but not the CLI's choice to turn off server GC's size adaptation (DATAS),
/// so that goes in as the environment variable the runtime reads.
/// </summary>
public abstract class StallSimJob : ManualConfig
{
    protected StallSimJob(int iterations) => AddJob(Job.Default
        .WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(iterations)
        .WithInvocationCount(1).WithUnrollFactor(1)
        .WithGcServer(true).WithGcConcurrent(false)
        .WithEnvironmentVariables(new EnvironmentVariable("DOTNET_GCDynamicAdaptationMode", "0")));
}

public sealed class ThreeIterations() : StallSimJob(3);

public sealed class FiveIterations() : StallSimJob(5);
