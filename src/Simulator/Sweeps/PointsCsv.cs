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

    public static void Write(string path, SweepFile sweep, IEnumerable<PointResult> results) => CsvFiles.Write(path, Table(sweep, results));

    /// <summary>points.csv as a table (report.html's heatmaps read their cells' runs from it).</summary>
    public static CsvTable Table(SweepFile sweep, IEnumerable<PointResult> results) =>
        CsvTable.Of(
            Header(sweep),
            results
                .OrderBy(r => r.Point.Index)
                .SelectMany(r =>
                    r.Runs.Select(s =>
                        (IEnumerable<string>)
                            [
                                .. r.Point.Values,
                                .. sweep.Refine > 0
                                    ? [r.Level.ToString(System.Globalization.CultureInfo.InvariantCulture)]
                                    : Array.Empty<string>(),
                                .. SummaryCsv.Fields(s, withWallTime: false),
                            ]
                    )
                )
        );

    /// <summary>The largest points.csv read back: 100,000 points of a few runs at about 1 KB a row.</summary>
    private const long MaxBytes = 1L << 30;

    /// <summary>Reads rows back into points; <paramref name="problem"/> says why the file does not belong to this sweep.</summary>
    public static IReadOnlyList<PointResult> Read(string path, SweepFile sweep, out string? problem)
    {
        problem = null;
        var header = Header(sweep);
        var byValues = sweep.Points().ToDictionary(p => string.Join('\u001f', p.Values));
        var rows = new List<(SweepPoint Point, RunSummary Run, int Level)>();
        using var reader = CsvReader.Create(BoundedFile.OpenStream(path, MaxBytes, "a sweep's points.csv"), CsvReaderOptions.Default);
        SummaryCsv.Mapper? summary = null; // the summary columns, read by name through summary.csv's map
        var row = 1; // the header is row 1
        var seen = new HashSet<(int, string, ulong)>();
        while (reader.Read())
        {
            row++;
            if (summary is null)
            {
                if (!(reader.Headers ?? []).SequenceEqual(header))
                {
                    problem = "its columns are not this sweep's";
                    return [];
                }
                summary = new SummaryCsv.Mapper(reader);
            }
            if (reader.FieldCount != header.Count)
            {
                problem = "a row has the wrong number of fields";
                return [];
            }
            var values = Enumerable.Range(0, sweep.Axes.Count).Select(i => reader.GetString(i) ?? "").ToArray();
            if (!byValues.TryGetValue(string.Join('\u001f', values), out var point))
            {
                problem = $"a row is not a point of this sweep ({string.Join(", ", values)})";
                return [];
            }
            var level = 0;
            if (
                sweep.Refine > 0
                && !int.TryParse(
                    reader.GetString(sweep.Axes.Count),
                    System.Globalization.NumberStyles.AllowLeadingSign,
                    System.Globalization.CultureInfo.InvariantCulture,
                    out level
                )
            )
            {
                problem = $"row {row}, column refine_level: '{reader.GetString(sweep.Axes.Count)}' is not a whole number";
                return [];
            }
            RunSummary run;
            try
            {
                run = summary.Read(reader);
            }
            catch (FormatException e)
            {
                problem = $"row {row}, {e.Message}";
                return [];
            }
            if (!seen.Add((point.Index, run.Variant, run.Seed)))
            {
                problem = $"row {row} repeats point ({string.Join(", ", values)}), variant {run.Variant}, seed {run.Seed}";
                return [];
            }
            rows.Add((point, run, level));
        }
        if (summary is null && reader.Headers is { } only && !only.SequenceEqual(header))
        {
            problem = "its columns are not this sweep's";
            return [];
        }
        var results = rows.GroupBy(r => r.Point.Index)
            .OrderBy(g => g.Key)
            .Select(g => new PointResult(g.First().Point, g.Select(r => r.Run).ToList()) { Level = g.First().Level })
            .ToList();
        // Every point a file has, it has whole: each of its variants with each of its seeds.
        foreach (var result in results)
        {
            var scenario = sweep.ScenarioAt(result.Point);
            var expected = (from v in scenario.Variants from s in scenario.Seeds select (v, s)).ToHashSet();
            var missing = expected.Except(result.Runs.Select(r => (r.Variant, r.Seed))).ToList();
            var extra = result.Runs.Select(r => (r.Variant, r.Seed)).Except(expected).ToList();
            if (missing.Count > 0 || extra.Count > 0)
            {
                problem =
                    $"point ({string.Join(", ", result.Point.Values)}) "
                    + (
                        missing.Count > 0
                            ? $"lacks variant {missing[0].Item1}, seed {missing[0].Item2}"
                            : $"has a run of variant {extra[0].Item1}, seed {extra[0].Item2}, which the sweep does not run"
                    );
                return [];
            }
        }
        return results;
    }
}
