using ScottPlot;
using StallSim.PoolModel;
using StallSim.PoolModel.Observe;
using static StallSim.Simulator.Output.PlotLook;

namespace StallSim.Simulator.Output;

/// <summary>The run plots: goodput over time, pool and waitlist state, and the goroutine census beside the
/// seed's production dump (docs/outputs.md#plots). Every seed: the worst of each variant solid, the others faint;
/// the trigger window is shaded; legends sit outside the data.</summary>
public static partial class RunPlots
{
    public static void Goodput(string path, Scenario scenario, IReadOnlyList<RunResult> results) =>
        GoodputPlot(scenario, results).SavePng(path, 1300, 550);

    /// <summary>Every seed's goodput: the worst seed of each variant solid, its other seeds faint beneath.</summary>
    public static Plot GoodputPlot(Scenario scenario, IReadOnlyList<RunResult> results)
    {
        var plot = new Plot();
        ShadeTrigger(plot, scenario);
        var runs = CensusTable.WorstSeedRuns(results);
        var offeredLines = new List<(ScottPlot.Plottables.Scatter Line, double Max)>();
        for (var i = 0; i < runs.Count; i++)
        {
            var (t, offered) = PerSecond(runs[i].Samples, s => s.OfferedPerS);
            var offeredLine = plot.Add.ScatterLine(t, offered);
            offeredLine.Color = ColorOf(runs[i].Summary.Variant).WithAlpha(0.55);
            offeredLine.LinePattern = LinePattern.Dotted;
            offeredLine.LineWidth = 1.5f;
            offeredLine.LegendText = $"{runs[i].Summary.Variant}: offered (new + retries)";
            offeredLines.Add((offeredLine, offered.DefaultIfEmpty(0).Max()));
        }
        OtherSeeds(plot, results, runs, s => s.GoodputPerS);
        var seeds = results.Count / Math.Max(1, runs.Count);
        for (var i = 0; i < runs.Count; i++)
        {
            var (t, goodput) = PerSecond(runs[i].Samples, s => s.GoodputPerS);
            var line = plot.Add.ScatterLine(t, goodput);
            line.Color = ColorOf(runs[i].Summary.Variant);
            line.LineWidth = 2.5f;
            line.LegendText =
                $"{runs[i].Summary.Variant}{(seeds > 1 ? $" seed {runs[i].Summary.Seed} (worst)" : "")}: goodput "
                + $"({CsvFiles.VerdictName(runs[i].Summary.Verdict)})";
        }
        plot.Title(
            seeds > 1
                ? $"{scenario.Name}: goodput and offered load (1 s means; the worst of {seeds} seeds solid, the others faint)"
                : $"{scenario.Name}: goodput and offered load (1 s means, seed {runs[0].Summary.Seed})"
        );
        plot.XLabel("virtual time (s)");
        plot.YLabel("requests per second");
        // Retry bursts can spike the offered load far above everything else; the axis follows goodput and the
        // typical offered load, and clips such spikes.
        var top = results
            .Where(r => r.Samples.Count > 0)
            .Select(r =>
                Math.Max(PerSecond(r.Samples, s => s.GoodputPerS).V.Max(), Percentile(PerSecond(r.Samples, s => s.OfferedPerS).V, 0.9))
            )
            .DefaultIfEmpty(1)
            .Max();
        plot.Axes.SetLimitsY(0, Math.Max(1, top) * 1.25);
        foreach (var (line, max) in offeredLines)
            if (max > Math.Max(1, top) * 1.25)
                line.LegendText += $", peaks at {max:N0}/s off the top";
        plot.Axes.SetLimitsX(0, Engine.Units.ToSeconds(scenario.Horizon));
        LegendOutside(plot);
        return plot;
    }

    /// <summary>The seeds other than each variant's worst, faint and thin, with one legend entry per variant.</summary>
    private static void OtherSeeds(
        Plot plot,
        IReadOnlyList<RunResult> results,
        List<RunResult> worst,
        Func<Sample, double> value,
        bool peak = false
    )
    {
        for (var i = 0; i < worst.Count; i++)
        {
            var others = results.Where(r => r.Summary.Variant == worst[i].Summary.Variant && !ReferenceEquals(r, worst[i])).ToList();
            foreach (var (r, k) in others.Select((r, k) => (r, k)))
            {
                var (t, v) = peak ? PerSecondPeak(r.Samples, value) : PerSecond(r.Samples, value);
                var faint = plot.Add.ScatterLine(t, v);
                faint.Color = ColorOf(worst[i].Summary.Variant).WithAlpha(0.3);
                faint.LineWidth = 1.2f;
                if (k == 0)
                    faint.LegendText = $"{worst[i].Summary.Variant}: the other {Words.Count(others.Count, "seed")}";
            }
        }
    }

    public static void State(string path, Scenario scenario, IReadOnlyList<RunResult> results)
    {
        var runs = CensusTable.WorstSeedRuns(results);
        var panels = new (
            string Title,
            string YLabel,
            Func<Sample, double> Value,
            Func<Sample, double>? Second,
            string? SecondName,
            bool Peak
        )[]
        {
            ("waitlist length (waiters in wl's list)", "waiters", s => s.WaitlistLength, null, null, false),
            ("goroutines blocked on wl.mu (the most at any sample of each second)", "goroutines", s => s.MutexWaiters, null, null, true),
            (
                "connections: InUse (borrowed) solid, in the return path dashed",
                "connections",
                s => s.InUse,
                s => s.Returning,
                "returning",
                false
            ),
        };
        var multiplot = StackedPanels(panels.Length, Engine.Units.ToSeconds(scenario.Horizon), rightMargin: 290);
        for (var p = 0; p < panels.Length; p++)
        {
            var plot = multiplot.GetPlot(p);
            ShadeTrigger(plot, scenario);
            OtherSeeds(plot, results, runs, panels[p].Value, panels[p].Peak);
            for (var i = 0; i < runs.Count; i++)
            {
                var (t, v) = panels[p].Peak ? PerSecondPeak(runs[i].Samples, panels[p].Value) : PerSecond(runs[i].Samples, panels[p].Value);
                var line = plot.Add.ScatterLine(t, v);
                line.Color = ColorOf(runs[i].Summary.Variant);
                line.LineWidth = 2;
                line.LegendText = runs[i].Summary.Variant + (panels[p].Second is null ? "" : ": InUse");
                if (panels[p].Second is { } second)
                {
                    var (t2, v2) = PerSecond(runs[i].Samples, second);
                    var dashed = plot.Add.ScatterLine(t2, v2);
                    dashed.Color = ColorOf(runs[i].Summary.Variant);
                    dashed.LinePattern = LinePattern.Dashed;
                    dashed.LegendText = $"{runs[i].Summary.Variant}: {panels[p].SecondName}";
                }
            }
            plot.Title(panels[p].Title);
            plot.YLabel(panels[p].YLabel);
            var panel = panels[p];
            plot.Axes.SetLimitsY(
                0,
                Math.Max(
                    1,
                    results.Max(r => r.Samples.Count == 0 ? 0 : r.Samples.Max(s => Math.Max(panel.Value(s), panel.Second?.Invoke(s) ?? 0)))
                ) * 1.1
            );
            LegendOutside(plot);
        }
        multiplot.SavePng(path, 1300, 1150);
    }

    public static void Census(string path, Scenario scenario, CensusTable table)
    {
        var variants = scenario.Variants.ToList();
        var plot = new Plot();
        var groups = table.Columns.Count;
        const double groupWidth = 0.8;
        var barWidth = groupWidth / groups;
        // Several instants of one variant: each later one a shade lighter, so that the legend tells them apart; with
        // more than three columns beside the production dump, the bars are too narrow for value labels.
        Color ColumnColor(CensusColumn column)
        {
            if (column.Variant is null)
                return ProductionGray;
            var same = table.Columns.Where(c => c.Variant == column.Variant).ToList();
            var k = same.IndexOf(column);
            var color = ColorOf(column.Variant);
            return k == 0 ? color : color.Lighten(0.6 * k / same.Count);
        }
        var labelled = groups <= 4;
        var bars = new List<Bar>();
        for (var site = 0; site < table.Sites.Count; site++)
        {
            for (var g = 0; g < groups; g++)
            {
                var column = table.Columns[g];
                var share = column.Share(table.Sites[site]);
                bars.Add(
                    new Bar
                    {
                        Position = site - groupWidth / 2 + barWidth * (g + 0.5),
                        Value = share,
                        Size = barWidth * 0.92,
                        FillColor = ColumnColor(column),
                        Label = labelled && share >= 0.05 ? $"{share:0.#}" : "",
                    }
                );
            }
        }
        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 10;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, table.Sites.Count).Select(i => (double)i).ToArray(),
            table.Sites.Select(s => s.Name).ToArray()
        );
        plot.Axes.Bottom.TickLabelStyle.Rotation = -30;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.UpperRight;
        plot.Axes.Bottom.MinimumSize = 110;
        foreach (var column in table.Columns)
        {
            plot.Legend.ManualItems.Add(
                new LegendItem
                {
                    LabelText = column.Variant is null
                        ? $"{column.Dump ?? "production dump (#20310)"}, of {column.Total:N0}"
                        : $"{column.Variant} seed {column.Seed} at t={column.TimeS:0.#}s{(column.AtPeak ? " (peak)" : "")}, of "
                            + $"{column.Total:N0}",
                    FillColor = ColumnColor(column),
                }
            );
        }
        if (table.Columns.All(c => c.Variant is null))
        {
            var caption = plot.Add.Annotation(NoCensus(scenario) + " Only the production dump is shown.", Alignment.UpperCenter);
            caption.LabelFontSize = 13;
        }
        LegendOutside(plot);
        plot.Title($"{scenario.Name}: where the goroutines are (share of all goroutines, %)");
        plot.YLabel("% of goroutines");
        plot.Axes.SetLimitsY(0, 105);
        plot.SavePng(path, 1400, 600);
    }

    /// <summary>Why a run has no census column, for the plot and the page.</summary>
    public static string NoCensus(Scenario scenario) =>
        scenario.CensusAtPeak && scenario.CensusAt.Count == 0
            ? "This run took no census: census_at asks only for the peak, and no sample found a goroutine blocked on wl.mu."
            : "This run took no census at the instants census_at names.";
}
