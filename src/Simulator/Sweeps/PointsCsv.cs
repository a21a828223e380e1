using CsvHelper;
using StallSim.PoolModel.Observe;
using StallSim.Simulator.Output;
using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Sweeps;

/// <summary>points.csv (docs/outputs.md#pointscsv-sweeps): one row per point × variant × seed, the swept keys, then the summary
/// columns. It is also the format of the per-point journal and of shard outputs, so that merge reads exactly
/// what a sweep writes.</summary>
public static class PointsCsv
{
    /// <summary>The swept keys, then (for a refined sweep) the level that ran the point, then the summary columns.</summary>
    public static IReadOnlyList<string> Header(SweepFile sweep) =>
        [.. sweep.Axes.Select(a => a.Key), .. sweep.Refine > 0 ? ["refine_level"] : Array.Empty<string>(), .. SummaryCsv.Names];

    private static int Keys(SweepFile sweep) => sweep.Axes.Count + (sweep.Refine > 0 ? 1 : 0);

    public static void Write(string path, SweepFile sweep, IEnumerable<PointResult> results) =>
        CsvFiles.WriteRows(path, Header(sweep), results.OrderBy(r => r.Point.Index).SelectMany(r =>
            r.Runs.Select(s => (IEnumerable<string>)[.. r.Point.Values,
                .. sweep.Refine > 0 ? [r.Level.ToString(System.Globalization.CultureInfo.InvariantCulture)] : Array.Empty<string>(),
                .. SummaryCsv.Fields(s, withWallTime: false)])));

    /// <summary>The largest points.csv read back: 100,000 points of a few runs at about 1 KB a row.</summary>
    private const long MaxBytes = 1L << 30;

    /// <summary>Reads rows back into points; <paramref name="problem"/> says why the file does not belong to this sweep.</summary>
    public static IReadOnlyList<PointResult> Read(string path, SweepFile sweep, out string? problem)
    {
        problem = null;
        var header = Header(sweep);
        var byValues = sweep.Points().ToDictionary(p => string.Join('\u001f', p.Values));
        var rows = new List<(SweepPoint Point, RunSummary Run, int Level)>();
        using var reader = CsvReader.Create(BoundedFile.OpenStream(path, MaxBytes, "a sweep's points.csv"), CsvReaderOptions.Default with { HasHeader = false });
        var first = true;
        while (reader.Read())
        {
            var fields = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i)).ToArray();
            if (first)
            {
                first = false;
                if (!fields.SequenceEqual(header))
                {
                    problem = "its columns are not this sweep's";
                    return [];
                }
                continue;
            }
            if (fields.Length != header.Count)
            {
                problem = "a row has the wrong number of fields";
                return [];
            }
            var values = fields[..sweep.Axes.Count];
            if (!byValues.TryGetValue(string.Join('\u001f', values), out var point))
            {
                problem = $"a row is not a point of this sweep ({string.Join(", ", values)})";
                return [];
            }
            var level = sweep.Refine > 0 && int.TryParse(fields[sweep.Axes.Count], out var l) ? l : 0;
            rows.Add((point, SummaryCsv.Parse(fields[Keys(sweep)..]), level));
        }
        return rows.GroupBy(r => r.Point.Index).OrderBy(g => g.Key)
            .Select(g => new PointResult(g.First().Point, g.Select(r => r.Run).ToList()) { Level = g.First().Level }).ToList();
    }
}
