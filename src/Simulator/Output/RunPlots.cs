using StallSim.PoolModel;
using StallSim.PoolModel.Observe;
using StallSim.PoolModel.Workload;
using ScottPlot;
using static StallSim.Simulator.Output.PlotLook;

namespace StallSim.Simulator.Output;

/// <summary>The run plots: goodput over time, pool and waitlist state, and the goroutine census beside the
/// seed's production dump (docs/outputs.md#plots). One line per variant (its first seed); the trigger window is
/// shaded; legends sit outside the data.</summary>
public static class RunPlots
{
    public static void Goodput(string path, Scenario scenario, IReadOnlyList<RunResult> results)
    {
        var plot = new Plot();
        ShadeTrigger(plot, scenario);
        var runs = CensusTable.FirstSeedRuns(results);
        for (var i = 0; i < runs.Count; i++)
        {
            var (t, offered) = PerSecond(runs[i].Samples, s => s.OfferedPerS);
            var offeredLine = plot.Add.ScatterLine(t, offered);
            offeredLine.Color = ColorOf(i).WithAlpha(0.55);
            offeredLine.LinePattern = LinePattern.Dotted;
            offeredLine.LineWidth = 1.5f;
            offeredLine.LegendText = $"{runs[i].Summary.Variant}: offered (new + retries)";
        }
        for (var i = 0; i < runs.Count; i++)
        {
            var (t, goodput) = PerSecond(runs[i].Samples, s => s.GoodputPerS);
            var line = plot.Add.ScatterLine(t, goodput);
            line.Color = ColorOf(i);
            line.LineWidth = 2.5f;
            line.LegendText = $"{runs[i].Summary.Variant}: goodput ({CsvFiles.VerdictName(runs[i].Summary.Verdict)})";
        }
        plot.Title($"{scenario.Name}: goodput and offered load (1 s means, seed {runs[0].Summary.Seed})");
        plot.XLabel("virtual time (s)");
        plot.YLabel("requests per second");
        // Retry bursts can spike the offered load far above everything else; the axis follows goodput and the
        // typical offered load, and clips such spikes.
        var top = runs.Where(r => r.Samples.Count > 0).Select(r => Math.Max(
            PerSecond(r.Samples, s => s.GoodputPerS).V.Max(),
            Percentile(PerSecond(r.Samples, s => s.OfferedPerS).V, 0.9))).DefaultIfEmpty(1).Max();
        plot.Axes.SetLimitsY(0, Math.Max(1, top) * 1.25);
        LegendOutside(plot);
        plot.SavePng(path, 1300, 550);
    }

    public static void State(string path, Scenario scenario, IReadOnlyList<RunResult> results)
    {
        var runs = CensusTable.FirstSeedRuns(results);
        var panels = new (string Title, string YLabel, Func<Sample, double> Value, Func<Sample, double>? Second, string? SecondName)[]
        {
            ("waitlist length (waiters in wl's list)", "waiters", s => s.WaitlistLength, null, null),
            ("goroutines blocked on wl.mu (mutex waiters)", "goroutines", s => s.MutexWaiters, null, null),
            ("connections: InUse (borrowed) solid, in the return path dashed", "connections", s => s.InUse, s => s.Returning, "returning"),
        };
        var multiplot = StackedPanels(panels.Length, Engine.Units.ToSeconds(scenario.Horizon), rightMargin: 290);
        for (var p = 0; p < panels.Length; p++)
        {
            var plot = multiplot.GetPlot(p);
            ShadeTrigger(plot, scenario);
            for (var i = 0; i < runs.Count; i++)
            {
                var (t, v) = PerSecond(runs[i].Samples, panels[p].Value);
                var line = plot.Add.ScatterLine(t, v);
                line.Color = ColorOf(i);
                line.LineWidth = 2;
                line.LegendText = runs[i].Summary.Variant + (panels[p].Second is null ? "" : ": InUse");
                if (panels[p].Second is { } second)
                {
                    var (t2, v2) = PerSecond(runs[i].Samples, second);
                    var dashed = plot.Add.ScatterLine(t2, v2);
                    dashed.Color = ColorOf(i);
                    dashed.LinePattern = LinePattern.Dashed;
                    dashed.LegendText = $"{runs[i].Summary.Variant}: {panels[p].SecondName}";
                }
            }
            plot.Title(panels[p].Title);
            plot.YLabel(panels[p].YLabel);
            var panel = panels[p];
            plot.Axes.SetLimitsY(0, Math.Max(1, runs.Max(r => r.Samples.Count == 0 ? 0 : r.Samples.Max(s => Math.Max(panel.Value(s), panel.Second?.Invoke(s) ?? 0)))) * 1.1);
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
        var bars = new List<Bar>();
        for (var site = 0; site < table.Sites.Count; site++)
        {
            for (var g = 0; g < groups; g++)
            {
                var column = table.Columns[g];
                var share = column.Share(table.Sites[site]);
                bars.Add(new Bar
                {
                    Position = site - groupWidth / 2 + barWidth * (g + 0.5),
                    Value = share,
                    Size = barWidth * 0.92,
                    FillColor = column.Variant is null ? ProductionGray : ColorOf(variants.IndexOf(column.Variant)),
                    Label = share >= 0.05 ? $"{share:0.#}" : "",
                });
            }
        }
        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 10;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, table.Sites.Count).Select(i => (double)i).ToArray(), table.Sites.Select(s => s.Name).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = -30;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.UpperRight;
        plot.Axes.Bottom.MinimumSize = 110;
        foreach (var column in table.Columns)
        {
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = column.Variant is null
                    ? $"production dump (#20310), of {column.Total:N0}"
                    : $"{column.Variant} at t={column.TimeS:0.#}s{(column.AtPeak ? " (peak)" : "")}, of {column.Total:N0}",
                FillColor = column.Variant is null ? ProductionGray : ColorOf(variants.IndexOf(column.Variant)),
            });
        }
        LegendOutside(plot);
        plot.Title($"{scenario.Name}: where the goroutines are (share of all goroutines, %)");
        plot.YLabel("% of goroutines");
        plot.Axes.SetLimitsY(0, 105);
        plot.SavePng(path, 1400, 600);
    }
}
