using ScottPlot;
using StallSim.PoolModel;
using StallSim.PoolModel.Observe;
using static StallSim.Simulator.Output.PlotLook;

namespace StallSim.Simulator.Output;

/// <summary>latency.png: the waits and latencies per phase, one bar per variant, on a logarithmic axis.</summary>
public static partial class RunPlots
{
    /// <summary>latency.png: percentiles of the wait for a connection and of served requests' latency, per phase of
    /// the run, one bar per variant (first seed), on a logarithmic axis of milliseconds.</summary>
    public static void Latency(string path, Scenario scenario, IReadOnlyList<RunResult> results)
    {
        var runs = CensusTable.WorstSeedRuns(results);
        var panels = new (string Title, Func<PhaseStats, double?>[] Get)[]
        {
            ("wait for a connection (successful Gets)", [p => p.WaitP50Ms, p => p.WaitP99Ms, p => p.WaitP999Ms]),
            ("latency of served requests", [p => p.LatencyP50Ms, p => p.LatencyP99Ms, p => p.LatencyP999Ms]),
        };
        string[] percentiles = ["p50", "p99", "p99.9"];
        var phases = Enum.GetValues<Phase>()
            .Where(ph =>
                runs.Any(r => r.Summary.Phases[(int)ph].LatencyP50Ms is not null || r.Summary.Phases[(int)ph].WaitP50Ms is not null)
            )
            .ToList();
        var multiplot = new Multiplot();
        multiplot.AddPlots(panels.Length);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Rows();
        var all = panels
            .SelectMany(p => runs.SelectMany(r => phases.SelectMany(ph => p.Get.Select(g => g(r.Summary.Phases[(int)ph])))))
            .OfType<double>()
            .Where(v => v > 0)
            .ToList();
        var low = Math.Floor(Math.Log10(all.DefaultIfEmpty(1).Min()));
        var high = Math.Ceiling(Math.Log10(all.DefaultIfEmpty(1).Max()));
        if (high <= low)
            high = low + 1;
        for (var p = 0; p < panels.Length; p++)
        {
            var plot = multiplot.GetPlot(p);
            plot.Layout.Fixed(new PixelPadding(120, 230, 70, 40)); // room for 1,000,000 and the axis label beside it
            var bars = new List<Bar>();
            var ticks = new List<(double, string)>();
            const double groupWidth = 0.8;
            for (var g = 0; g < phases.Count * percentiles.Length; g++)
            {
                var phase = phases[g / percentiles.Length];
                var k = g % percentiles.Length;
                ticks.Add((g, $"{phase.ToString().ToLowerInvariant()} {percentiles[k]}"));
                for (var v = 0; v < runs.Count; v++)
                {
                    var barWidth = groupWidth / runs.Count;
                    if (panels[p].Get[k](runs[v].Summary.Phases[(int)phase]) is not { } ms || ms <= 0)
                    {
                        // Nothing served in this phase: said where the bar would stand, not left blank.
                        var none = plot.Add.Text("none served", g - groupWidth / 2 + barWidth * (v + 0.5), low + 0.05);
                        none.LabelFontSize = 10;
                        none.LabelRotation = -90;
                        none.LabelAlignment = Alignment.MiddleLeft;
                        none.LabelFontColor = ColorOf(runs[v].Summary.Variant);
                        continue;
                    }
                    bars.Add(
                        new Bar
                        {
                            Position = g - groupWidth / 2 + barWidth * (v + 0.5),
                            ValueBase = low,
                            Value = Math.Log10(ms),
                            Size = barWidth * 0.9,
                            FillColor = ColorOf(runs[v].Summary.Variant),
                        }
                    );
                }
            }
            plot.Add.Bars(bars);
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                [.. ticks.Select(t => t.Item1)],
                [.. ticks.Select(t => t.Item2)]
            );
            plot.Axes.Bottom.TickLabelStyle.Rotation = -30;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.UpperRight;
            var decades = Enumerable.Range((int)low, (int)(high - low) + 1).Select(d => (double)d).ToArray();
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                decades,
                [
                    .. decades.Select(d =>
                        Math.Pow(10, d).ToString(d < 0 ? "0.###" : "#,0", System.Globalization.CultureInfo.InvariantCulture)
                    ),
                ]
            );
            plot.Axes.SetLimitsY(low, high);
            plot.YLabel("ms (log scale)");
            plot.Title(panels[p].Title);
            for (var v = 0; v < runs.Count; v++)
                plot.Legend.ManualItems.Add(
                    new LegendItem { LabelText = runs[v].Summary.Variant, FillColor = ColorOf(runs[v].Summary.Variant) }
                );
            LegendOutside(plot);
        }
        multiplot.SavePng(path, 1200, 900);
    }
}
