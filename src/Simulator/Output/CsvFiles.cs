using System.Globalization;
using CsvHelper;
using StallSim.PoolModel.Observe;

namespace StallSim.Simulator.Output;

/// <summary>The machine-readable outputs (docs/outputs.md). Column names are a contract: keep them stable.
/// Numbers are printed with fixed, culture-free formats so that the same run gives the same bytes.</summary>
public static class CsvFiles
{
    /// <summary>timeseries.csv's columns (<see cref="TimeseriesRow"/>).</summary>
    public static IReadOnlyList<string> TimeseriesColumns => TimeseriesRow.Columns;

    /// <summary>census.csv's columns (<see cref="CensusRow"/>).</summary>
    public static IReadOnlyList<string> CensusColumns => CensusRow.Columns;

    internal static string Num(double v) => CsvNumber.Text(v);

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
        CsvTable.Of(results.Select(r => r.Summary), new SummaryCsv.Writer(withWallTime));

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

    /// <summary>Reads every record of a bounded file with the row reader <paramref name="start"/> makes once the header
    /// is known (from CsvHelper's maps of record types); a field that is not what its column holds, or a missing column,
    /// is one line naming the file.</summary>
    public static void ReadEach(string path, long maxBytes, string what, Func<CsvReader, Action> start)
    {
        using var reader = CsvReader.Create(Scenarios.BoundedFile.OpenStream(path, maxBytes, what), CsvReaderOptions.Default);
        Action? row = null;
        try
        {
            while (reader.Read())
                (row ??= start(reader))();
        }
        catch (Exception e) when (e is CsvFormatException or KeyNotFoundException or FormatException)
        {
            throw new Scenarios.InputException($"{path}: {Scenarios.YamlTree.FirstLine(e.Message)} (expected {what})");
        }
    }

    /// <summary>The records of a file of one CSV record type, read by column name through its map.</summary>
    public static List<T> ReadRecords<T>(string path, long maxBytes, string what)
    {
        var rows = new List<T>();
        ReadEach(path, maxBytes, what, reader =>
        {
            var map = CsvRecordMapper.Create<T>(reader);
            return () => rows.Add(map.Read(reader));
        });
        return rows;
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
        CsvTable.Of(runs.SelectMany(r => r.Samples.Select(s => TimeseriesRow.Of(r.Variant, r.Seed, s))));

    public static void WriteCensus(string path, IEnumerable<RunResult> results) => Write(path, Census(results));

    /// <summary>census.csv as a table.</summary>
    public static CsvTable Census(IEnumerable<RunResult> results) =>
        CsvTable.Of(
            from r in results
            from c in r.Census
            from site in c.Sites
            select new CensusRow
            {
                Variant = r.Summary.Variant,
                Seed = r.Summary.Seed,
                Count = new()
                {
                    TimeS = c.TimeS,
                    Site = site.Site.Name,
                    Goroutines = site.Goroutines,
                },
            }
        );
}
