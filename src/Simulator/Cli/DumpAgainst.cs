using System.Globalization;
using StallSim.PoolModel;
using StallSim.PoolModel.Go;
using StallSim.Simulator.Dumps;
using StallSim.Simulator.Output;
using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Cli;

/// <summary><c>stallsim dump FILE --against RUN_DIR</c>: a real dump's census (its largest pool) beside the census
/// a run wrote, per site, both as shares of their goroutines, in one vocabulary of sites.</summary>
public static class DumpAgainst
{
    public static int Execute(GoroutineDump.Census dump, string runDir, string? outDir, bool quiet)
    {
        var path = Path.Combine(runDir, "census.csv");
        if (!File.Exists(path))
            throw new InputException($"--against {runDir}: not a run's output directory (no census.csv)");
        var rows = ReadCensus(path);
        if (rows.Count == 0)
            throw new InputException($"{path}: no census rows; run the scenario with census_at");
        var pool = dump.Pools.Where(p => !p.Pool.StartsWith(LineMap.NoPool, StringComparison.Ordinal))
            .OrderByDescending(p => p.Total)
            .FirstOrDefault()
            ?? dump;
        var dumpName = Path.GetFileName(dump.Source);
        var title = $"{dumpName}{(pool.Pool.Length > 0 ? $" ({pool.Pool})" : "")}";
        var dumpColumn = new CensusColumn(null, null, false, pool.Sites.ToDictionary(s => s.Site, s => s.Goroutines), pool.Total)
        {
            Dump = title,
        };
        // Each variant's instant with the most goroutines on wl.mu: where the run's stall is, if it has one.
        var runColumns = rows.GroupBy(r => (r.Variant, r.Seed, r.TimeS))
            .GroupBy(g => g.Key.Variant)
            .Select(v =>
                v.OrderByDescending(g => g.Where(r => r.Site.InMutexLock).Sum(r => r.Goroutines))
                    .ThenBy(g => g.Key.Seed)
                    .ThenBy(g => g.Key.TimeS)
                    .First()
            )
            .Select(g => new CensusColumn(
                g.Key.Variant,
                g.Key.TimeS,
                false,
                g.ToDictionary(r => r.Site, r => r.Goroutines),
                g.Sum(r => r.Goroutines),
                g.Key.Seed
            ))
            .ToList();
        var sites = pool.Sites.Select(s => s.Site).Concat(runColumns.SelectMany(c => c.Counts.Keys)).Distinct().ToList();
        var table = new CensusTable(sites, [dumpColumn, .. runColumns]);

        var run = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(runDir)));
        outDir ??= Path.Combine("results", $"{Path.GetFileNameWithoutExtension(dumpName)}-against-{run}");
        OutputDirectory.Prepare(outDir, "--out");
        var inv = CultureInfo.InvariantCulture;
        using (var files = new OutputFiles(outDir))
        {
            CsvFiles.WriteRows(
                files.Reserve("census.csv"),
                ["source", .. CsvFiles.CensusColumns],
                pool.Sites.Select(s => (IEnumerable<string>)["dump", title, "", "", s.Site.Name, s.Goroutines.ToString(inv)])
                    .Concat(
                        runColumns.SelectMany(c =>
                            c.Counts.Select(kv =>
                                (IEnumerable<string>)
                                    [
                                        "run",
                                        c.Variant!,
                                        c.Seed!.Value.ToString(inv),
                                        CsvFiles.Num(c.TimeS!.Value),
                                        kv.Key.Name,
                                        kv.Value.ToString(inv),
                                    ]
                            )
                        )
                    )
            );
            RunPlots.Census(
                files.Reserve("census.png"),
                new Scenario { Name = $"{title} against {run}", Variants = [.. runColumns.Select(c => c.Variant!)] },
                table
            );
            files.Commit();
        }
        if (!quiet)
        {
            Console.WriteLine($"{"site", -18} {string.Join("  ", table.Columns.Select(c => Clip(c.Label).PadLeft(24)))}");
            foreach (var site in table.Sites)
                Console.WriteLine(
                    $"{site.Name, -18} "
                        + string.Join(
                            "  ",
                            table.Columns.Select(c =>
                                $"{c.At(site).ToString("N0", inv)} ({c.Share(site).ToString("0.0", inv)}%)".PadLeft(24)
                            )
                        )
                );
            Console.WriteLine($"wrote {outDir}/: census.csv, census.png");
        }
        return 0;
    }

    private static string Clip(string s) => s.Length <= 24 ? s : s[..23] + "…";

    private sealed record Row(string Variant, ulong Seed, double TimeS, Site Site, int Goroutines);

    /// <summary>A run's census.csv, every value checked (it is input when read back).</summary>
    private static List<Row> ReadCensus(string path) =>
        [
            .. CsvFiles
                .ReadRecords<CensusRow>(path, 256L << 20, "a run's census.csv")
                .Select(r =>
                    r.Count.Goroutines >= 0
                        ? new Row(
                            r.Variant,
                            r.Seed,
                            r.Count.TimeS,
                            LineMap.CensusSite(r.Count.Site, "a site of a run's census"),
                            r.Count.Goroutines
                        )
                        : throw new InputException($"{path}: column goroutines: {r.Count.Goroutines} is not a count")
                ),
        ];
}
