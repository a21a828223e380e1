using System.Diagnostics;
using System.Threading.Tasks;
using StallSim.PoolModel;
using StallSim.PoolModel.Observe;

namespace StallSim.Simulator;

/// <summary>
/// Runs a scenario's variants × seeds. Each run is single-threaded and deterministic; runs go in parallel
/// over <c>jobs</c> threads, and results come back in a fixed order (variant, then seed), so the output
/// does not depend on the number of jobs. Wall time is measured here, outside the simulation.
/// </summary>
public static class Runner
{
    public static IReadOnlyList<RunResult> RunAll(Scenario scenario, int jobs, Action<double>? progress = null)
    {
        var work = (from v in scenario.Variants from s in scenario.Seeds select (Variant: v, Seed: s)).ToList();
        var results = new RunResult[work.Count];
        var fractions = new double[work.Count];
        var gate = new object();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs) };
        Parallel.For(0, work.Count, options, i =>
        {
            var world = new World(scenario, scenario.ResolveVariant(work[i].Variant), work[i].Seed);
            if (progress is not null)
            {
                world.Observer.OnProgress = f =>
                {
                    lock (gate)
                    {
                        fractions[i] = f;
                        progress(fractions.Average());
                    }
                };
            }
            var watch = Stopwatch.StartNew();
            var result = world.Run();
            results[i] = result with { Summary = result.Summary with { WallS = watch.Elapsed.TotalSeconds } };
        });
        return results;
    }
}
