using System.Globalization;
using CsvHelper;
using StallSim.Engine;
using StallSim.PoolModel;
using StallSim.PoolModel.Observe;
using StallSim.Simulator.Dumps;
using StallSim.Simulator.Output;
using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Twin;

/// <summary>One run of the twin: its samples (the same records the simulator's runs have, so that the same
/// verdict judge and plots read them), what its self-removal walks cost in each sample interval, and the census of
/// each goroutine dump it took.</summary>
public sealed record TwinRun(
    string Variant,
    ulong Seed,
    IReadOnlyList<Sample> Samples,
    IReadOnlyList<(double TimeS, GoroutineDump.Census Census)> Census
)
{
    public IReadOnlyList<WalkCost.Probe> Walks { get; init; } = [];

    /// <summary>The CPU the twin ran on (its run.txt's <c>cpu:</c> line); null for runs kept before it said.</summary>
    public string? Cpu { get; init; }
}

/// <summary>Runs the twin binary on a resolved scenario, one variant and seed at a time, in wall-clock time.</summary>
public static class TwinRunner
{
    public static TwinRun Run(
        string twin,
        Scenario scenario,
        PoolModel.Waitlist.WaitlistVariant variant,
        ulong seed,
        bool spreadNodes,
        string dir
    )
    {
        Directory.CreateDirectory(dir);
        var json = Path.Combine(dir, "scenario.json");
        File.WriteAllText(json, TwinScenario.Json(scenario, variant, seed, spreadNodes));
        var limit = TimeSpan.FromSeconds(Units.ToSeconds(scenario.Horizon) * 3 + 60);
        var (code, output) = GoToolchain.Run(twin, ["run", json, dir], dir, limit);
        if (code != 0)
            throw new InputException($"the twin failed on {variant.Name}, seed {seed}: {YamlTree.FirstLine(output)}");
        return Read(variant.Name, seed, dir);
    }

    /// <summary>A twin run's outputs: its timeseries.csv and the goroutine dumps (or, kept from an earlier
    /// comparison, the census they gave, in census.csv).</summary>
    public static TwinRun Read(string variant, ulong seed, string dir)
    {
        var (samples, walks) = TwinCsv.ReadTimeseries(Path.Combine(dir, "timeseries.csv"));
        var census = Directory
            .GetFiles(dir, "goroutines-*.txt")
            .Select(f =>
                (
                    double.Parse(Path.GetFileNameWithoutExtension(f)["goroutines-".Length..], CultureInfo.InvariantCulture),
                    GoroutineDump.Read(f, LineMap.Twin)
                )
            )
            .OrderBy(c => c.Item1)
            .ToList();
        if (census.Count == 0 && File.Exists(Path.Combine(dir, "census.csv")))
            census = [.. TwinCsv.ReadCensus(Path.Combine(dir, "census.csv"))];
        return new TwinRun(variant, seed, samples, census) { Walks = walks, Cpu = CpuIn(dir) };
    }

    /// <summary>The CPU a twin run ran on (the <c>cpu:</c> line of its run.txt); null for runs kept before run.txt
    /// said it.</summary>
    public static string? CpuIn(string dir) =>
        RunInfo(dir)?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("cpu: ", StringComparison.Ordinal))?[5..];

    /// <summary>Whether a kept run's twin laid its list nodes out spread (<c>nodes=spread</c> in its run.txt);
    /// runs kept before run.txt said so had them packed.</summary>
    public static bool SpreadNodes(string dir) => RunInfo(dir)?.Split(' ', '\n').Contains("nodes=spread") ?? false;

    /// <summary>A twin run's run.txt, or null when the run has none.</summary>
    private static string? RunInfo(string dir)
    {
        var info = Path.Combine(dir, "run.txt");
        return File.Exists(info) ? BoundedFile.ReadText(info, 1 << 20, "a kept twin run's run.txt") : null;
    }
}
