using ScottPlot;
using StallSim.PoolModel.Observe;
using StallSim.Simulator.Output;

namespace StallSim.Simulator.Sweeps;

/// <summary>What a finished sweep writes: points.csv, heatmap.png (verdict and recovery time per cell, one
/// panel per variant), recovery.png (recovery time along the first axis) and report.md.</summary>
public static partial class SweepOutputs
{
    private static readonly Dictionary<Verdict, Color> VerdictColors = new()
    {
        [Verdict.Stable] = Color.FromHex("#2ca02c"),
        [Verdict.Recovered] = Color.FromHex("#ffbf3f"),
        [Verdict.Degraded] = Color.FromHex("#ff7f0e"),
        [Verdict.Metastable] = Color.FromHex("#d62728"),
        [Verdict.NoBaseline] = Color.FromHex("#9e9e9e"),
    };

    /// <summary><paramref name="drawn"/>: what the plots show, when it is more than what ran (a refinement's inferred
    /// points); <paramref name="extraReport"/>: sections to add to report.md (a comparison of variants).</summary>
    /// <param name="tallied">The runs the report's table counts, when they are labelled otherwise than in points.csv
    /// (a comparison's designs).</param>
    public static void WriteAll(
        string outDir,
        SweepFile sweep,
        IReadOnlyList<PointResult> results,
        IReadOnlyList<PointResult>? drawn = null,
        string? extraReport = null,
        Action<OutputFiles>? extraFiles = null,
        IReadOnlyList<PointResult>? tallied = null,
        CsvTable? ranking = null
    )
    {
        var grid = new SweepGrid(sweep, drawn ?? results);
        using var files = new OutputFiles(outDir);
        var points = PointsCsv.Table(sweep, results);
        CsvFiles.Write(files.Reserve("points.csv"), points);
        Output
            .Html.SweepHtml.Build(sweep, grid, points, ranking, VerdictColors.ToDictionary(kv => kv.Key, kv => kv.Value.ToHex()[..7]))
            .Write(files.Reserve("report.html"));
        Heatmap(files.Reserve("heatmap.png"), sweep, grid);
        RecoveryPlot(files.Reserve("recovery.png"), sweep, grid);
        extraFiles?.Invoke(files);
        files.WriteText("report.md", Report(sweep, grid, tallied ?? results, extraReport));
        files.Commit();
    }

    private static Multiplot Panels(int count, out int columns)
    {
        columns = Math.Min(count, 3);
        var rows = (count + columns - 1) / columns;
        var multiplot = new Multiplot();
        multiplot.AddPlots(count);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        return multiplot;
    }

    private static void Heatmap(string path, SweepFile sweep, SweepGrid grid)
    {
        var multiplot = Panels(grid.Variants.Count, out var columns);
        var ny = grid.YAxis?.Values.Count ?? 1;
        for (var v = 0; v < grid.Variants.Count; v++)
        {
            var plot = multiplot.GetPlot(v);
            var cells = grid.Cells[grid.Variants[v]];
            for (var x = 0; x < grid.XAxis.Values.Count; x++)
            for (var y = 0; y < ny; y++)
            {
                if (cells[x, y] is not { } cell)
                    continue;
                var rect = plot.Add.Rectangle(x - 0.5, x + 0.5, y - 0.5, y + 0.5);
                // A refinement's inferred points: paler and borderless, so that an unsplit cell reads as one block.
                rect.FillColor = cell.Inferred ? VerdictColors[cell.Verdict].WithAlpha(0.45) : VerdictColors[cell.Verdict];
                rect.LineColor = cell.Inferred ? rect.FillColor : Colors.White;
                rect.LineWidth =
                    cell.Inferred ? 0
                    : grid.XAxis.Values.Count > 12 ? 1
                    : 2;
                if (cell.Inferred || grid.XAxis.Values.Count > 12)
                    continue; // no labels on inferred or dense cells
                var label = cell.Verdict switch
                {
                    // Recovered at once: the drain time tells such cells apart.
                    Verdict.Recovered when cell.RecoveryS is 0 && cell.DrainS is { } d => $"drain\n{d:0.#}s",
                    Verdict.Recovered => cell.RecoveryS is { } r ? $"{r:0.#}s" : "",
                    Verdict.Metastable => "stuck",
                    Verdict.NoBaseline => "n/a",
                    _ => "",
                };
                if (cell.WorstRuns < cell.Runs)
                    label += $"{(label.Length > 0 ? "\n" : "")}{cell.WorstRuns}/{cell.Runs}";
                if (label.Length == 0)
                    continue;
                var text = plot.Add.Text(label, x, y);
                text.LabelFontSize = grid.XAxis.Values.Count > 8 ? 9 : 11;
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontColor = cell.Verdict == Verdict.Metastable ? Colors.White : Colors.Black;
            }
            var xLabels = TickLabels(grid.XAxis.Values);
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                Enumerable.Range(0, grid.XAxis.Values.Count).Select(i => (double)i).ToArray(),
                xLabels
            );
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                Enumerable.Range(0, ny).Select(i => (double)i).ToArray(),
                grid.YAxis is null ? [""] : TickLabels(grid.YAxis.Values)
            );
            plot.Axes.SetLimits(-0.5, grid.XAxis.Values.Count - 0.5, -0.5, ny - 0.5);
            if (grid.XAxis.Values.Count > 5)
                SlantTickLabels(plot, xLabels);
            // The legend cannot take a sixth item here; a refinement says what its pale cells are in the title.
            plot.Title(sweep.Refine > 0 ? $"{grid.Variants[v]} (pale: not run, its cell's corners agree)" : grid.Variants[v]);
            plot.XLabel(grid.XAxis.Key);
            if (grid.YAxis is not null)
                plot.YLabel(grid.YAxis.Key);
            if (v == 0)
            {
                foreach (var (verdict, color) in VerdictColors)
                    plot.Legend.ManualItems.Add(
                        new LegendItem
                        {
                            LabelText =
                                CsvFiles.VerdictName(verdict)
                                + (
                                    verdict == Verdict.Recovered && grid.XAxis.Values.Count <= 12 ? " (label: recovery, or drain time)" : ""
                                ),
                            FillColor = color,
                        }
                    );
                plot.ShowLegend(Edge.Bottom);
            }
        }
        var rows = (grid.Variants.Count + columns - 1) / columns;
        multiplot.SavePng(path, 520 * columns, 470 * rows);
    }

    /// <summary>Axis values as tick labels: durations in seconds and rates per second with at most two decimals (a
    /// refined axis has values like 27312.5ms), and on a dense axis only every other one.</summary>
    private static string[] TickLabels(IReadOnlyList<string> values)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        return
        [
            .. values.Select(
                (v, i) =>
                {
                    if (values.Count > 12 && i % 2 == 1)
                        return "";
                    if (v.EndsWith("/s", StringComparison.Ordinal))
                        return SweepGrid.Numeric(v) is { } rate ? rate.ToString("0.##", inv) + "/s" : v;
                    // A duration of a second or more in seconds; shorter ones (20ns, 5ms) as written.
                    if (
                        !double.TryParse(v, System.Globalization.NumberStyles.Float, inv, out _)
                        && SweepGrid.Numeric(v) is { } seconds
                        && seconds >= 1
                    )
                        return seconds.ToString("0.##", inv) + "s";
                    return v;
                }
            ),
        ];
    }

    /// <summary>About how many characters of tick labels fit side by side under one panel (440 px at 7 px each).</summary>
    private const int LabelCharsPerPanel = 62;

    /// <summary>Recovery time along the first axis, one panel per variant and one series per value of the second
    /// axis. A metastable point has no recovery time: it is drawn as a cross in its own band above the times,
    /// and no line joins it to its neighbours. Panels share the y axis; the legend sits outside.</summary>
    private static void RecoveryPlot(string path, SweepFile sweep, SweepGrid grid)
    {
        var multiplot = Panels(grid.Variants.Count, out var columns);
        // Numeric axes at their values; an axis with a value that is not a number (warm, cold) as categories.
        var categorical = grid.XAxis.Values.Any(v => SweepGrid.Numeric(v) is null);
        var xs = grid.XAxis.Values.Select((value, i) => categorical ? i : SweepGrid.Numeric(value)!.Value).ToArray();
        var ny = grid.YAxis?.Values.Count ?? 1;
        var maxRecovery = grid.Cells.Values.SelectMany(c => c.Cast<SweepGrid.Cell?>()).Max(c => c?.RecoveryS ?? 0);
        var (ticks, top) = NiceTicks(Math.Max(1, maxRecovery));
        // Metastable points sit in a band above the times, one row per series, so that none hides another.
        double BandRow(int y) => top * (1.15 + 0.25 * (ny == 1 ? 0.5 : (double)y / (ny - 1)));
        var band = BandRow(ny / 2);
        for (var v = 0; v < grid.Variants.Count; v++)
        {
            var plot = multiplot.GetPlot(v);
            var cells = grid.Cells[grid.Variants[v]];
            for (var y = 0; y < ny; y++)
            {
                var color = PlotLook.PaletteAt(y);
                var legend = grid.YAxis is null ? "" : $"{grid.YAxis.Key} = {grid.YAxis.Values[y]}";
                var run = new List<(double X, double Y)>();
                void Flush()
                {
                    if (run.Count == 0)
                        return;
                    var series = plot.Add.Scatter(run.Select(p => p.X).ToArray(), run.Select(p => p.Y).ToArray());
                    series.Color = color;
                    series.MarkerSize = 7;
                    series.LegendText = legend;
                    legend = "";
                    run.Clear();
                }
                var stuck = new List<double>();
                for (var x = 0; x < xs.Length; x++)
                {
                    if (cells[x, y] is not { } cell)
                        continue;
                    if (cell.Verdict == Verdict.Metastable)
                    {
                        Flush();
                        stuck.Add(xs[x]);
                    }
                    else
                        run.Add((xs[x], cell.RecoveryS ?? 0));
                }
                Flush();
                if (stuck.Count > 0)
                {
                    var crosses = plot.Add.Markers(stuck.ToArray(), stuck.Select(_ => BandRow(y)).ToArray(), MarkerShape.Cross, 9, color);
                    crosses.LegendText = legend;
                }
            }
            var separator = plot.Add.HorizontalLine(top * 1.07);
            separator.LinePattern = LinePattern.Dotted;
            separator.Color = Colors.Gray;
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                [.. ticks, band],
                [.. ticks.Select(t => t.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)), "metastable"]
            );
            var labels = TickLabels(grid.XAxis.Values);
            if (categorical || (xs.All(x => x == Math.Round(x)) && xs.Length <= 12))
                plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(xs, labels);
            // Many ticks, or a few long names (five profiles): side by side they would run into each other.
            if (xs.Length > 6 || (categorical && labels.Sum(l => l.Length + 2) > LabelCharsPerPanel))
                SlantTickLabels(plot, labels);
            plot.Axes.SetLimitsY(-top * 0.05, top * 1.5);
            if (categorical)
                plot.Axes.SetLimitsX(-0.5, xs.Length - 0.5); // half a category either side: room for the end labels
            // A long variant label (a design with its retry budget) gets a line of its own: on one line the title
            // runs past the panel's edges.
            var label = grid.Variants[v];
            plot.Title(label.Length > 30 ? $"{label}\nrecovery time after the trigger" : $"{label}: recovery time after the trigger");
            plot.XLabel(grid.XAxis.Key);
            plot.YLabel("recovery (s); 0: never fell, or at once");
            // Every panel carries the same legend (one entry per value of the second axis), so all keep one width.
            if (grid.YAxis is null)
                plot.HideLegend();
            else
                PlotLook.LegendOutside(plot);
        }
        var rows = (grid.Variants.Count + columns - 1) / columns;
        // Tall enough for the legend in one column (about 22 px an entry): a wrapped legend runs off the image.
        multiplot.SavePng(path, (grid.YAxis is null ? 560 : 800) * columns, Math.Max(420, 22 * ny + 100) * rows);
    }

    /// <summary>Tick labels on a slant, with room below the axis for the longest of them (about 5 px a character on
    /// the slant) and the axis title.</summary>
    private static void SlantTickLabels(Plot plot, string[] labels)
    {
        plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.UpperRight;
        plot.Axes.Bottom.MinimumSize = Math.Max(70, 35 + 5 * labels.Max(l => l.Length));
    }

    /// <summary>Round tick values from 0 to at least <paramref name="max"/>: steps of 1, 2 or 5 times a power of ten.</summary>
    private static (double[] Ticks, double Top) NiceTicks(double max)
    {
        var raw = max / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
        var top = Math.Ceiling(max / step) * step;
        return (Enumerable.Range(0, (int)Math.Round(top / step) + 1).Select(i => i * step).ToArray(), top);
    }
}
