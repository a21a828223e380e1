using ScottPlot;
using StallSim.PoolModel;
using StallSim.PoolModel.Observe;
using StallSim.PoolModel.Workload;

namespace StallSim.Simulator.Output;

/// <summary>What every plot shares: the variant palette, per-second means, the shaded trigger window, legends
/// outside the data, and stacked panels that share one time axis.</summary>
public static class PlotLook
{
    private static readonly Color[] Palette =
    [
        Color.FromHex("#d62728"),
        Color.FromHex("#1f77b4"),
        Color.FromHex("#2ca02c"),
        Color.FromHex("#9467bd"),
        Color.FromHex("#ff7f0e"),
        Color.FromHex("#8c564b"),
        Color.FromHex("#e377c2"),
        Color.FromHex("#17becf"),
        Color.FromHex("#bcbd22"),
        Color.FromHex("#393b79"),
        Color.FromHex("#637939"),
        Color.FromHex("#843c39"),
    ];

    public static readonly Color ProductionGray = Color.FromHex("#7f7f7f");

    /// <summary>One colour per variant in every plot and page: a preset's is its own (release-23 red, the fix blue,
    /// whatever else runs beside them); a custom variant's comes from its name, so it too keeps its colour from run to
    /// run. Two custom names may share one: the legend names them.</summary>
    public static Color ColorOf(string variant) => Palette[ColorIndex(variant)];

    /// <summary>The colour as #rrggbb, for report.html.</summary>
    public static string HexOf(string variant) => Palette[ColorIndex(variant)].ToHex()[..7];

    /// <summary>A colour that belongs to no variant: the n-th of a series of values (a sweep's y axis).</summary>
    public static Color PaletteAt(int index) => Palette[index % Palette.Length];

    private static int ColorIndex(string variant)
    {
        var presets = PoolModel.Waitlist.WaitlistVariant.Presets;
        for (var i = 0; i < presets.Count; i++)
            if (presets[i].Name == variant)
                return i;
        var hash = 2166136261u; // FNV-1a: stable across runs and machines, unlike string.GetHashCode
        foreach (var c in variant)
            hash = (hash ^ c) * 16777619u;
        return presets.Count + (int)(hash % (uint)(Palette.Length - presets.Count));
    }

    /// <summary>Means over whole seconds: 100 ms samples of a Poisson stream are too noisy to read.</summary>
    public static (double[] T, double[] V) PerSecond(IReadOnlyList<Sample> samples, Func<Sample, double> value)
    {
        var groups = samples.GroupBy(s => (int)Math.Ceiling(s.TimeS - 1e-9)).ToList();
        return (groups.Select(g => (double)g.Key).ToArray(), groups.Select(g => g.Average(value)).ToArray());
    }

    /// <summary>The most at any sample of each whole second: for a count of goroutines, which a mean would show as
    /// half a goroutine where one waited for a moment.</summary>
    public static (double[] T, double[] V) PerSecondPeak(IReadOnlyList<Sample> samples, Func<Sample, double> value)
    {
        var groups = samples.GroupBy(s => (int)Math.Ceiling(s.TimeS - 1e-9)).ToList();
        return (groups.Select(g => (double)g.Key).ToArray(), groups.Select(g => g.Max(value)).ToArray());
    }

    public static double Percentile(double[] values, double p)
    {
        if (values.Length == 0)
            return 0;
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(p * sorted.Length))];
    }

    /// <summary>Shades the trigger windows and the stretches of load above the baseline, and marks restarts;
    /// <paramref name="legend"/> false leaves them out of the legend (a lower panel of a stack, whose top panel's
    /// legend already names them).</summary>
    public static void ShadeTrigger(Plot plot, Scenario scenario, bool legend = true)
    {
        double S(long t) => Engine.Units.ToSeconds(Math.Min(t, scenario.Horizon));
        var named = new HashSet<string>();
        void Span(long from, long to, Color color, string text)
        {
            var span = plot.Add.HorizontalSpan(S(from), S(to));
            span.FillStyle.Color = color;
            span.LineStyle.Width = 0;
            if (legend && named.Add(text))
                span.LegendText = text;
        }
        foreach (var (from, to) in new LoadProfile(scenario.Workload).AboveBaseline)
            Span(from, to, Color.FromHex("#aec7e8").WithAlpha(0.35), $"load above {Engine.Units.FormatRate(scenario.Workload.Rate)}");
        foreach (var t in scenario.Workload.Triggers)
        {
            if (t.Kind == TriggerKind.Restart)
            {
                var line = plot.Add.VerticalLine(S(t.Start));
                line.Color = Colors.Black;
                line.LinePattern = LinePattern.Dashed;
                if (legend && named.Add("restart"))
                    line.LegendText = "restart";
                continue;
            }
            Span(
                t.Start,
                t.End,
                Color.FromHex(t.Kind == TriggerKind.SlowDb ? "#ffbb78" : "#c5b0d5").WithAlpha(0.35),
                $"trigger: {(t.Kind == TriggerKind.SlowDb ? "slow database" : "load spike")} ×{t.Factor:0.##}"
            );
        }
    }

    /// <summary>The legend to the right of the data area, where it can cover nothing.</summary>
    public static void LegendOutside(Plot plot) => plot.ShowLegend(Edge.Right);

    /// <summary>Panels stacked in rows over one time axis: the same data-area width and left edge in every panel,
    /// x limits shared, and the x label only under the bottom one. The right margin leaves room for legends.</summary>
    public static Multiplot StackedPanels(int count, double xMax, int rightMargin)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(count);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Rows();
        var plots = Enumerable.Range(0, count).Select(multiplot.GetPlot).ToList();
        foreach (var (plot, i) in plots.Select((p, i) => (p, i)))
        {
            plot.Layout.Fixed(new PixelPadding(85, rightMargin, i == count - 1 ? 55 : 30, 40));
            plot.Axes.SetLimitsX(0, xMax);
            if (i == count - 1)
                plot.XLabel("virtual time (s)");
        }
        multiplot.SharedAxes.ShareX(plots);
        return multiplot;
    }
}
