using System.Globalization;
using CsvHelper;
using StallSim.PoolModel.Observe;

namespace StallSim.Simulator.Output;

/// <summary>The machine-readable outputs (docs/outputs.md). Column names are a contract: keep them stable.
/// Numbers are printed with fixed, culture-free formats so that the same run gives the same bytes.</summary>
public static class CsvFiles
{
    public static readonly string[] TimeseriesColumns =
    [
        "variant",
        "seed",
        "t_s",
        "offered_per_s",
        "goodput_per_s",
        "timeouts_per_s",
        "wasted_handoffs_per_s",
        "evictions_per_s",
        "in_use",
        "active",
        "idle",
        "returning",
        "waitlist_len",
        "mutex_waiters",
        "mutex_starving",
        "p50_ms",
        "p99_ms",
        "capacity",
        "available",
        "waiters",
        "wait_count",
        "wait_time_mean_ms",
        "resource_exhausted",
        "expired_handoffs",
        "waiters_evicted",
        "acquisitions",
        "throughput",
        "goodput",
    ];

    public static readonly string[] CensusColumns = ["variant", "seed", "t_s", "site", "goroutines"];

    internal static string Num(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    internal static string Num(double? v) => v is { } x ? Num(x) : "";

    private static readonly Dictionary<Verdict, string> VerdictNames = new()
    {
        [Verdict.Stable] = "stable",
        [Verdict.Recovered] = "recovered",
        [Verdict.Degraded] = "degraded",
        [Verdict.Metastable] = "metastable",
        [Verdict.NoBaseline] = "no-baseline",
    };

    public static string VerdictName(Verdict v) => VerdictNames[v];

    public static IEnumerable<string> AllVerdictNames => VerdictNames.Values;

    public static bool TryParseVerdict(string name, out Verdict verdict)
    {
        foreach (var (v, n) in VerdictNames)
            if (n == name)
            {
                verdict = v;
                return true;
            }
        verdict = default;
        return false;
    }

    public static Verdict ParseVerdict(string name) =>
        TryParseVerdict(name, out var v) ? v : throw new FormatException($"'{name}' is not a verdict");

    public static void WriteRows(string path, IReadOnlyList<string> header, IEnumerable<IEnumerable<string>> rows)
    {
        using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false));
        WriteRows(writer, header, rows);
    }

    /// <summary>Rows to any writer (standard output for <c>dump --csv</c>), quoted where a field needs it.</summary>
    public static void WriteRows(TextWriter writer, IReadOnlyList<string> header, IEnumerable<IEnumerable<string>> rows)
    {
        using var csv = CsvWriter.Create(writer, CsvWriterOptions.Default, leaveOpen: true);
        foreach (var h in header)
            csv.WriteField(h);
        csv.EndRecord();
        foreach (var row in rows)
        {
            foreach (var field in row)
                csv.WriteField(field);
            csv.EndRecord();
        }
    }

    public static void WriteSummary(string path, IEnumerable<RunResult> results, bool withWallTime) =>
        Write(path, Summary(results, withWallTime));

    /// <summary>summary.csv as a table.</summary>
    public static CsvTable Summary(IEnumerable<RunResult> results, bool withWallTime) =>
        CsvTable.Of(SummaryCsv.Names, results.Select(r => SummaryCsv.Fields(r.Summary, withWallTime)));

    /// <summary>A CSV file stallsim wrote, read back through CsvHelper and bounded like every read: its header and its rows
    /// as text (the caller checks each value; a file that is not CSV is one line naming it).</summary>
    public static CsvTable Read(string path, long maxBytes, string what)
    {
        using var reader = CsvReader.Create(
            Scenarios.BoundedFile.OpenStream(path, maxBytes, what),
            CsvReaderOptions.Default with
            {
                HasHeader = false,
            }
        );
        string[]? header = null;
        var rows = new List<string[]>();
        try
        {
            while (reader.Read())
            {
                var fields = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i) ?? "").ToArray();
                if (header is null)
                    header = fields;
                else
                    rows.Add(fields);
            }
        }
        catch (Exception e) when (e is not Scenarios.InputException and not IOException)
        {
            throw new Scenarios.InputException($"{path}: not a CSV file ({Scenarios.YamlTree.FirstLine(e.Message)}); expected {what}");
        }
        return new CsvTable(header ?? [], rows);
    }

    /// <summary>The pool's counts read back by column name: summary.csv and timeseries.csv (the twin's too) share these
    /// columns; <paramref name="whole"/> reads a whole number, <paramref name="maybe"/> a number that may be empty.</summary>
    internal static Counts ReadCounts(Func<string, long> whole, Func<string, double?> maybe) =>
        new(
            whole("wait_count"),
            maybe("wait_time_mean_ms"),
            whole("resource_exhausted"),
            whole("expired_handoffs"),
            whole("waiters_evicted"),
            whole("acquisitions"),
            whole("throughput"),
            whole("goodput")
        );

    public static void Write(string path, CsvTable table) => WriteRows(path, table.Header, table.Rows);

    public static void WriteTimeseries(string path, IEnumerable<RunResult> results) => Write(path, Timeseries(results));

    /// <summary>timeseries.csv as a table: what the file holds and what report.html draws.</summary>
    public static CsvTable Timeseries(IEnumerable<RunResult> results) =>
        Timeseries(results.Select(r => (r.Summary.Variant, r.Summary.Seed, r.Samples)));

    public static CsvTable Timeseries(IEnumerable<(string Variant, ulong Seed, IReadOnlyList<Sample> Samples)> runs) =>
        CsvTable.Of(
            TimeseriesColumns,
            runs.SelectMany(r =>
                r.Samples.Select(s =>
                    (IEnumerable<string>)
                        [
                            r.Variant,
                            r.Seed.ToString(CultureInfo.InvariantCulture),
                            Num(s.TimeS),
                            Num(s.OfferedPerS),
                            Num(s.GoodputPerS),
                            Num(s.TimeoutsPerS),
                            Num(s.WastedHandoffsPerS),
                            Num(s.EvictionsPerS),
                            s.InUse.ToString(CultureInfo.InvariantCulture),
                            s.Active.ToString(CultureInfo.InvariantCulture),
                            s.Idle.ToString(CultureInfo.InvariantCulture),
                            s.Returning.ToString(CultureInfo.InvariantCulture),
                            s.WaitlistLength.ToString(CultureInfo.InvariantCulture),
                            s.MutexWaiters.ToString(CultureInfo.InvariantCulture),
                            s.MutexStarving ? "1" : "0",
                            Num(s.P50Ms),
                            Num(s.P99Ms),
                            I(s.Capacity),
                            I(s.Available),
                            I(s.WaitlistLength),
                            L(s.Counts.WaitCount),
                            Num(s.Counts.WaitTimeMeanMs),
                            L(s.Counts.ResourceExhausted),
                            L(s.Counts.ExpiredHandoffs),
                            L(s.Counts.WaitersEvicted),
                            L(s.Counts.Acquisitions),
                            L(s.Counts.Throughput),
                            L(s.Counts.Goodput),
                        ]
                )
            )
        );

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string L(long v) => v.ToString(CultureInfo.InvariantCulture);

    public static void WriteCensus(string path, IEnumerable<RunResult> results) => Write(path, Census(results));

    /// <summary>census.csv as a table.</summary>
    public static CsvTable Census(IEnumerable<RunResult> results) =>
        CsvTable.Of(
            CensusColumns,
            results.SelectMany(r =>
                r.Census.SelectMany(c =>
                    c.Sites.Select(site =>
                        (IEnumerable<string>)
                            [
                                r.Summary.Variant,
                                r.Summary.Seed.ToString(CultureInfo.InvariantCulture),
                                Num(c.TimeS),
                                site.Site.Name,
                                site.Goroutines.ToString(CultureInfo.InvariantCulture),
                            ]
                    )
                )
            )
        );
}
