using System.Globalization;
using System.Text;
using ScottPlot;
using StallSim.Engine;
using StallSim.PoolModel.Go;
using StallSim.Simulator.Output;
using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Margins;

/// <summary>margins.csv, margins.png and the report's "How far from the stall" section, from the same margins.</summary>
public static class MarginsOutputs
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "variant",
        "axis",
        "key",
        "unit",
        "scenario_value",
        "verdict",
        "direction",
        "boundary_low",
        "boundary_high",
        "verdict_beyond",
        "seeds_disagreeing",
        "runs",
        "note",
    ];

    private static string N(double? v) => v is { } x ? MarginAxis.Number(x) : "";

    /// <summary>The boundary as an interval in increasing order: the last value that keeps the verdict and the
    /// first where every seed has changed (direction says which is which).</summary>
    public static (double? Low, double? High) Interval(Margin m) =>
        m.Keep is { } k && m.Change is { } c ? (Math.Min(k, c), Math.Max(k, c)) : (m.Keep, null);

    public static void WriteCsv(string path, IReadOnlyList<Margin> margins) => CsvFiles.Write(path, Table(margins));

    /// <summary>margins.csv as a table (report.html draws it).</summary>
    public static CsvTable Table(IReadOnlyList<Margin> margins) =>
        CsvTable.Of(
            Columns,
            margins.Select(m =>
            {
                var (low, high) = Interval(m);
                return (IEnumerable<string>)
                    [
                        m.Variant,
                        m.Axis.Name,
                        m.Axis.Key,
                        m.Axis.Unit,
                        m.Axis.StartsFromTable ? m.Axis.ScenarioText : N(m.Start),
                        CsvFiles.VerdictName(m.Verdict),
                        m.Direction == Direction.Up ? "up" : "down",
                        N(low),
                        N(high),
                        m.Beyond is { } b ? CsvFiles.VerdictName(b) : "",
                        string.Join("; ", m.Disagreeing.Select(p => $"{N(p.X)}: {p.Stalled} of {p.Runs.Count} metastable")),
                        m.Runs.ToString(CultureInfo.InvariantCulture),
                        m.Note,
                    ];
            })
        );

    /// <summary>"release-23 stays stalled down to 0.81x this load, with episodes from 14 s, and with a walk from
    /// 48 ns per element" for each variant.</summary>
    public static void AppendSection(StringBuilder md, IReadOnlyList<Margin> margins, Calibration? calibrated)
    {
        md.AppendLine("## How far from the stall").AppendLine();
        md.AppendLine(
                "Each axis is moved alone from the scenario's value, every seed at every probe, until the verdict changes "
                    + "between stalled (metastable) and not stalled (stable or recovered): steps that double, then bisection to the "
                    + "resolution. A boundary is an interval: the last value where every seed keeps the verdict, and the first where "
                    + "every seed has changed (margins.csv)."
            )
            .AppendLine();
        foreach (var variant in margins.Select(m => m.Variant).Distinct())
        {
            var ms = margins.Where(m => m.Variant == variant).ToList();
            var verdict = CsvFiles.VerdictName(ms[0].Verdict);
            var stalled = ms[0].Stalled;
            var parts = ms.Select(m => Phrase(m, calibrated)).ToList();
            md.AppendLine(
                $"- **{variant}** ({verdict}) {(stalled ? "stays stalled" : "stays out of the stall")}: {string.Join("; ", parts)}."
            );
        }
        md.AppendLine().AppendLine("![margins](margins.png)").AppendLine();
    }

    private static string What(MarginAxis a, double x) =>
        a.Name switch
        {
            MarginAxes.LoadName => $"{a.Format(x)} this load",
            "walk" => $"a walk of {a.Format(x)} per element",
            _ when a.Key.EndsWith(".duration", StringComparison.Ordinal) => $"an {a.Name} of {a.Format(x)}",
            _ => $"{a.Key} = {a.Format(x)}",
        };

    private static string Phrase(Margin m, Calibration? calibrated)
    {
        var a = m.Axis;
        var way = m.Direction == Direction.Up ? "up" : "down";
        var said =
            m.Change is { } c && m.Keep is { } k ? $"{way} to {What(a, k)} ({CsvFiles.VerdictName(m.Beyond!.Value)} at {a.Format(c)})"
            : m.Keep is { } kept ? $"{way} to {What(a, kept)}, some seeds changing past it"
            : $"no change {way} to {What(a, m.End)}";
        if (a.StartsFromTable)
            said += $"; the search starts from {a.Format(m.Start)}, {a.ScenarioText}";
        if (a.Name == "walk" && calibrated is { } cal)
            said +=
                $" (the profile's calibrated walk: warm {Range(cal.Warm)}"
                + (cal.Heap is { } heap ? $", heap {Range(heap)}" : "")
                + $", cold {Range(cal.Cold)})";
        if (calibrated is { } c2 && ProfileSpread.ProfileKeyOf(a.Key) is { } key && c2.Spread.TryGetValue(key, out var r))
            said += $" (the profile measured {key} at {Units.FormatDuration(r.Low)}-{Units.FormatDuration(r.High)} over its repeats)";
        if (m.Note.Contains("not monotone", StringComparison.Ordinal) || m.Note.Contains("disagree", StringComparison.Ordinal))
            said += $"; {m.Note}";
        return said;
    }

    /// <summary>The report's margins lines, one per variant, for the console.</summary>
    public static IEnumerable<string> Lines(IReadOnlyList<Margin> margins, Calibration? calibrated)
    {
        var md = new StringBuilder();
        AppendSection(md, margins, calibrated);
        return md.ToString().Split('\n').Where(l => l.StartsWith("- **", StringComparison.Ordinal)).Select(l => l.Replace("**", "").Trim());
    }

    /// <summary>The calibrated walks to shade on a walk's row, each with its name and colour.</summary>
    private static IEnumerable<(ScanCost, string, string)> Shades(Calibration cal)
    {
        yield return (cal.Warm, "warm", "#ffbb78");
        if (cal.Heap is { } heap)
            yield return (heap, "heap", "#98df8a");
        yield return (cal.Cold, "cold", "#c5b0d5");
    }

    private static string Range(ScanCost c) =>
        $"{MarginAxis.Number(c.Points.Min(p => p.Nanos))}-{MarginAxis.Number(c.Points.Max(p => p.Nanos))} ns";

    /// <summary>margins.png: one bar per axis, variant and direction, from the scenario's value to the boundary on
    /// one relative scale (the value over the scenario's, in powers of two), labelled with both values; a bar that
    /// found no change runs to the range's end, hatched. The calibrated walks are shaded on the walk's rows.</summary>
    public static void Plot(string path, IReadOnlyList<Margin> margins, Calibration? calibrated)
    {
        var plot = new Plot();
        var variants = margins.Select(m => m.Variant).Distinct().ToList();
        var labels = new List<(double, string)>();
        double R(Margin m, double x) => Math.Log2(Math.Max(1e-9, x) / Math.Max(1e-9, m.Start));
        double left = 0,
            right = 0;
        void Extend(double r)
        {
            left = Math.Min(left, r);
            right = Math.Max(right, r);
        }
        for (var i = 0; i < margins.Count; i++)
        {
            var m = margins[i];
            var row = margins.Count - 1 - i;
            var color = PlotLook.ColorOf(m.Variant);
            if (m.Axis.Name == "walk" && calibrated is { } cal)
                foreach (var (table, name, shade) in Shades(cal))
                {
                    var lo = R(m, table.Points.Min(p => p.Nanos));
                    var hi = R(m, table.Points.Max(p => p.Nanos));
                    var box = plot.Add.Rectangle(lo, hi, row - 0.45, row + 0.45);
                    box.FillStyle.Color = Color.FromHex(shade).WithAlpha(0.45);
                    box.LineStyle.Width = 0;
                    var t = plot.Add.Text($"calibrated {name}", (lo + hi) / 2, row - 0.42);
                    t.LabelFontSize = 11;
                    t.LabelAlignment = Alignment.LowerCenter;
                    Extend(lo);
                    Extend(hi);
                }
            var end = m.Change ?? m.End;
            var bar = new Bar
            {
                Position = row,
                ValueBase = 0,
                Value = R(m, end),
                Size = 0.5,
                FillColor = m.Change is null ? color.WithAlpha(0.35) : color,
                Orientation = Orientation.Horizontal,
            };
            if (m.Change is null)
                bar.FillHatch = new ScottPlot.Hatches.Striped();
            plot.Add.Bars(new List<Bar> { bar });
            if (m.Keep is { } k && m.Change is { } c)
            {
                var interval = plot.Add.Rectangle(Math.Min(R(m, k), R(m, c)), Math.Max(R(m, k), R(m, c)), row - 0.3, row + 0.3);
                interval.FillStyle.Color = Colors.Black.WithAlpha(0.5);
                interval.LineStyle.Width = 0;
            }
            Extend(R(m, end));
            var (low, high) = Interval(m);
            var text =
                m.Change is not null ? $"{MarginAxis.Number(low!.Value)}..{m.Axis.Format(high!.Value)}"
                : m.Keep is { } only ? $"{m.Axis.Format(only)}, seeds split past it"
                : $"no change to {m.Axis.Format(m.End)}";
            var label = plot.Add.Text(text, R(m, end), row);
            label.LabelFontSize = 12;
            label.LabelAlignment = R(m, end) >= 0 ? Alignment.MiddleLeft : Alignment.MiddleRight;
            label.OffsetX = R(m, end) >= 0 ? 4 : -4;
            labels.Add((row, $"{m.Variant} {m.Axis.Name} {(m.Direction == Direction.Up ? "up" : "down")}\nfrom {m.Axis.Format(m.Start)}"));
        }
        var zero = plot.Add.VerticalLine(0);
        zero.Color = Colors.Black;
        zero.LineWidth = 1.5f;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. labels.Select(l => l.Item1)],
            [.. labels.Select(l => l.Item2)]
        );
        // Room on both sides for the labels, which sit outside the bars' ends.
        var from = Math.Floor(left) - 1.5;
        var to = Math.Ceiling(right) + 1.5;
        var powers = Enumerable
            .Range((int)Math.Ceiling(from), (int)(Math.Floor(to) - Math.Ceiling(from)) + 1)
            .Select(p => (double)p)
            .ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            powers,
            [
                .. powers.Select(p =>
                    p == 0 ? "1 (the scenario)" : Math.Pow(2, p).ToString(p < 0 ? "0.###" : "#,0", CultureInfo.InvariantCulture) + "x"
                ),
            ]
        );
        plot.Axes.SetLimitsX(from, to);
        plot.Axes.SetLimitsY(-0.7, margins.Count - 0.3);
        plot.XLabel("value on the axis over the scenario's value (powers of 2); black: the interval where the verdict changes");
        plot.Title("How far from the stall: each axis alone, to the nearest change of verdict");
        plot.Layout.Fixed(new PixelPadding(190, 40, 60, 50));
        plot.SavePng(path, 1200, Math.Max(400, 110 + 60 * margins.Count));
    }
}
