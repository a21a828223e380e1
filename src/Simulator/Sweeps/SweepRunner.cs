using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using StallSim.Engine;
using StallSim.PoolModel;
using StallSim.PoolModel.Observe;
using StallSim.Simulator.Output;
using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Sweeps;

/// <summary>The runs of one point: every variant × seed, in the scenario's order. <see cref="Level"/>: the
/// refinement level that ran it (0 for a plain grid).</summary>
public sealed record PointResult(SweepPoint Point, IReadOnlyList<RunSummary> Runs)
{
    public int Level { get; init; }
}

/// <summary>
/// Runs a sweep's points (or one shard of them) in parallel over <c>jobs</c> threads; each run stays
/// single-threaded and deterministic, so results do not depend on <c>jobs</c>. Every finished point is
/// journalled at once (one file, written then renamed), so that a sweep killed midway and started again
/// runs each remaining point once and none twice.
/// </summary>
public static class SweepRunner
{
    public const string SweepFileName = "sweep.yaml";
    private const string JournalDir = ".points";

    public static IReadOnlyList<PointResult> Run(
        SweepFile sweep,
        string outDir,
        Shard shard,
        int jobs,
        Action<int, int, double>? progress = null
    )
    {
        PrepareOutput(sweep, outDir);
        return RunPoints(sweep, outDir, sweep.Points().Where(shard.Contains).ToList(), jobs, progress);
    }

    /// <summary>Runs <paramref name="points"/> of a sweep whose output directory is prepared, each at most once:
    /// those already in the journal are read back.</summary>
    public static IReadOnlyList<PointResult> RunPoints(
        SweepFile sweep,
        string outDir,
        IReadOnlyList<SweepPoint> points,
        int jobs,
        Action<int, int, double>? progress = null,
        int level = 0
    )
    {
        var journal = Path.Combine(outDir, JournalDir);
        Directory.CreateDirectory(journal);
        RemoveStaleTemporaries(journal);

        var done = new PointResult?[points.Count];
        for (var i = 0; i < points.Count; i++)
            done[i] = ReadJournal(journal, sweep, points[i]);
        // Likely-longest first, so that the points still running when the others are done are short ones and
        // no thread idles long at the end. The order changes nothing else: results are assembled by index.
        var scenarios = points.Select(p => sweep.ScenarioAt(p)).ToList();
        var todo = Enumerable.Range(0, points.Count).Where(i => done[i] is null).OrderByDescending(i => CostGuess(scenarios[i])).ToList();
        var finished = points.Count - todo.Count;
        var watch = Stopwatch.StartNew();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs) };
        // One point at a time to whichever thread is free: points differ in cost by 10x (a stalled run costs
        // far more than a healthy one), so handing out chunks would leave a thread idle at the end.
        Parallel.ForEach(Partitioner.Create(todo, EnumerablePartitionerOptions.NoBuffering), options, i =>
        {
            var scenario = scenarios[i];
            var runs = new List<RunSummary>();
            foreach (var variant in scenario.Variants)
            foreach (var seed in scenario.Seeds)
                runs.Add(new World(scenario, scenario.ResolveVariant(variant), seed).Run().Summary);
            var result = new PointResult(points[i], runs) { Level = level };
            WriteJournal(journal, sweep, result);
            done[i] = result;
            var count = Interlocked.Increment(ref finished);
            progress?.Invoke(count, points.Count, watch.Elapsed.TotalSeconds);
        });
        return done.Select(d => d!).ToList();
    }

    /// <summary>What a point's runs will cost, roughly: the requests they simulate. Only the order matters.</summary>
    private static double CostGuess(Scenario scenario) =>
        scenario.Workload.Rate * Units.ToSeconds(scenario.Horizon) * scenario.Variants.Count * scenario.Seeds.Count;

    /// <summary>The output directory holds this sweep or nothing: never mix two sweeps' points.</summary>
    internal static void PrepareOutput(SweepFile sweep, string outDir)
    {
        Output.OutputDirectory.Prepare(outDir, "--out");
        var existing = Path.Combine(outDir, SweepFileName);
        if (
            File.Exists(existing)
            && BoundedFile.ReadText(existing, YamlTree.MaxBytes, "the sweep.yaml of an earlier sweep") != sweep.Canonical
        )
            throw new InputException(
                $"{outDir}: holds the results of a different sweep ({SweepFileName} differs); choose another --out or delete it"
            );
        Directory.CreateDirectory(outDir);
        using var files = new OutputFiles(outDir);
        files.WriteText(SweepFileName, sweep.Canonical);
        files.Commit();
    }

    /// <summary>A journal entry half-written by a process that is gone (killed, or its disk full) is removed: its
    /// point runs again. Entries of a process still running are left to it.</summary>
    private static void RemoveStaleTemporaries(string journal)
    {
        foreach (var temp in Directory.EnumerateFiles(journal, "*.tmp"))
        {
            var parts = Path.GetFileName(temp).Split('.');
            var alive =
                parts.Length >= 4
                && int.TryParse(parts[^3], out var pid)
                && pid != Environment.ProcessId
                && OutputDirectory.ProcessAlive(pid);
            if (alive)
                continue;
            try
            {
                File.Delete(temp);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    private static string JournalPath(string journal, SweepPoint point) => Path.Combine(journal, $"{point.Index:D6}.csv");

    private static void WriteJournal(string journal, SweepFile sweep, PointResult result)
    {
        var path = JournalPath(journal, result.Point);
        var temp = path + $".{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";
        try
        {
            PointsCsv.Write(temp, sweep, [result]);
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temp);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    private static PointResult? ReadJournal(string journal, SweepFile sweep, SweepPoint point)
    {
        var path = JournalPath(journal, point);
        if (!File.Exists(path))
            return null;
        var rows = PointsCsv.Read(path, sweep, out var problem);
        return problem is null && rows.Count == 1 && rows[0].Point.Index == point.Index ? rows[0] : null;
    }
}
