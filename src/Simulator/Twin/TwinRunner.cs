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
        var (samples, walks) = ReadTimeseries(Path.Combine(dir, "timeseries.csv"));
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
            census = [.. ReadCensus(Path.Combine(dir, "census.csv"))];
        return new TwinRun(variant, seed, samples, census) { Walks = walks };
    }

    /// <summary>The census a kept run wrote (census.csv rows: t_s, site, goroutines).</summary>
    private static IEnumerable<(double, GoroutineDump.Census)> ReadCensus(string path)
    {
        var table = CsvFiles.Read(path, 256L << 20, "a kept twin run's census.csv");
        if (!table.Header.SequenceEqual(["t_s", "site", "goroutines"]))
            throw new InputException($"{path}: expected the columns t_s,site,goroutines");
        var rows = table.Rows;
        for (var i = 0; i < rows.Count; i++)
            if (
                rows[i].Length != 3
                || !double.TryParse(rows[i][0], NumberStyles.Float, CultureInfo.InvariantCulture, out var t)
                || !double.IsFinite(t)
                || !int.TryParse(rows[i][2], NumberStyles.None, CultureInfo.InvariantCulture, out _)
            )
                throw new InputException($"{path}: row {i + 2}: expected t_s,site,goroutines with a finite time and a whole count");
        foreach (var group in rows.GroupBy(r => r[0]))
        {
            var sites = group
                .Select(r => (Site: LineMap.CensusSite(r[1], "a site of a kept census"), N: int.Parse(r[2], CultureInfo.InvariantCulture)))
                .ToList();
            if (sites.Select(s => s.Site.Name).Distinct().Count() != sites.Count)
                throw new InputException($"{path}: a site repeated at t_s {group.Key}");
            yield return (
                double.Parse(group.Key, CultureInfo.InvariantCulture),
                new GoroutineDump.Census(path, "twin", sites, sites.Sum(x => x.N))
            );
        }
    }

    /// <summary>Whether a kept run's twin laid its list nodes out spread (<c>nodes=spread</c> in its run.txt);
    /// runs kept before run.txt said so had them packed.</summary>
    public static bool SpreadNodes(string dir)
    {
        var info = Path.Combine(dir, "run.txt");
        return File.Exists(info)
            && BoundedFile.ReadText(info, 1 << 20, "a kept twin run's run.txt").Split(' ', '\n').Contains("nodes=spread");
    }

    /// <summary>Keeps a run's timeseries and census (the dumps themselves are large) under <paramref name="dir"/>.</summary>
    public static void Keep(TwinRun run, string dir)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllLines(
            Path.Combine(dir, "census.csv"),
            [
                "t_s,site,goroutines",
                .. run.Census.SelectMany(c => c.Census.Sites.Select(s => $"{CsvFilesNum(c.TimeS)},{s.Site.Name},{s.Goroutines}")),
            ]
        );
    }

    private static string CsvFilesNum(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>The columns of the twin's timeseries.csv after stallsim's own (CsvFiles.TimeseriesColumns): new
    /// arrivals, live goroutines, and the walk probe's elements and nanoseconds (runs kept before the probe lack these
    /// two). twin/driver/sampler.go's Columns must be stallsim's then these; a test holds the two sides together.</summary>
    public static readonly IReadOnlyList<string> TwinOwnColumns = ["new_per_s", "goroutines", "walk_elements", "walk_ns"];

    /// <summary>The twin's timeseries.csv (stallsim's columns, then <see cref="TwinOwnColumns"/>) as samples and walk probes.</summary>
    public static (IReadOnlyList<Sample> Samples, IReadOnlyList<WalkCost.Probe> Walks) ReadTimeseries(string path)
    {
        using var reader = CsvReader.Create(
            BoundedFile.OpenStream(path, 1L << 30, "a twin run's timeseries.csv"),
            CsvReaderOptions.Default with
            {
                HasHeader = false,
            }
        );
        string[]? header = null;
        var samples = new List<Sample>();
        var walks = new List<WalkCost.Probe>();
        var inv = CultureInfo.InvariantCulture;
        var row = 1;
        double? last = null;
        while (reader.Read())
        {
            var f = Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray();
            if (header is null)
            {
                header = f;
                continue;
            }
            var at = header.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i);
            row++;
            // A kept run is input like any other: every value checked, one line naming the file, row and column.
            string Field(string c) =>
                at.TryGetValue(c, out var i) && i < f.Length ? f[i] : throw new InputException($"{path}: row {row}: no column {c}");
            double D(string c) =>
                double.TryParse(Field(c), NumberStyles.Float, inv, out var v) && double.IsFinite(v)
                    ? v
                    : throw new InputException($"{path}: row {row}, column {c}: '{Field(c)}' is not a finite number");
            double? Dn(string c) => Field(c).Length == 0 ? null : D(c);
            int I(string c) => (int)D(c);
            long L(string c) => (long)D(c);
            samples.Add(
                new Sample(
                    D("t_s"),
                    D("offered_per_s"),
                    D("new_per_s"),
                    D("goodput_per_s"),
                    D("timeouts_per_s"),
                    D("wasted_handoffs_per_s"),
                    D("evictions_per_s"),
                    I("in_use"),
                    I("active"),
                    I("idle"),
                    I("returning"),
                    0,
                    I("waitlist_len"),
                    I("mutex_waiters"),
                    Field("mutex_starving") == "1",
                    Dn("p50_ms"),
                    Dn("p99_ms"),
                    I("goroutines"),
                    0,
                    0,
                    0,
                    I("capacity"),
                    I("available"),
                    CsvFiles.ReadCounts(L, Dn)
                )
            );
            // Samples in time order, each once: a row deleted or repeated by hand is refused, not merged.
            var t = samples[^1].TimeS;
            if (last is { } before && t <= before)
                throw new InputException($"{path}: row {row}, column t_s: {t} does not follow {before}; a row repeated or out of order");
            last = t;
            if (at.ContainsKey("walk_elements"))
                walks.Add(new WalkCost.Probe(D("t_s"), I("waitlist_len"), L("walk_elements"), L("walk_ns")));
        }
        return (samples, walks);
    }
}
