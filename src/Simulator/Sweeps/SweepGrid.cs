using System.Globalization;
using StallSim.Engine;
using StallSim.PoolModel.Observe;

namespace StallSim.Simulator.Sweeps;

/// <summary>
/// The sweep's results arranged for reading: per variant, a grid over the first axis (x) and the second (y,
/// if any). Where several runs fall in one cell (seeds, or further axes), the cell shows the worst verdict
/// (metastable over recovered over stable) and the median recovery time of the recovered runs.
/// </summary>
public sealed class SweepGrid
{
    /// <summary><see cref="Inferred"/>: a point a refinement did not run, inside a cell whose corners agreed.
    /// <see cref="WorstRuns"/>: how many of its runs (seeds, and points of further axes) reached the worst verdict.</summary>
    public sealed record Cell(Verdict Verdict, double? RecoveryS, int Runs, bool Inferred = false)
    {
        public int WorstRuns { get; init; } = Runs;

        /// <summary>The median time the cell's runs took to drain their waitlist, where any did: what tells apart cells
        /// whose goodput all came back at once.</summary>
        public double? DrainS { get; init; }

        /// <summary>" (3 of 4 runs)" when the runs of the cell disagree; nothing when they all reached its verdict.</summary>
        public string Share => WorstRuns < Runs ? $" ({WorstRuns} of {Runs} runs)" : "";
    }

    public SweepGrid(SweepFile sweep, IReadOnlyList<PointResult> results)
    {
        XAxis = sweep.Axes[0];
        YAxis = sweep.Axes.Count > 1 ? sweep.Axes[1] : null;
        Variants = results.SelectMany(r => r.Runs.Select(s => s.Variant)).Distinct().ToList();
        foreach (var variant in Variants)
        {
            var cells = new Cell?[XAxis.Values.Count, YAxis?.Values.Count ?? 1];
            foreach (var group in results.GroupBy(r => (X: XIndex(r.Point), Y: YIndex(r.Point))))
            {
                var runs = group.SelectMany(r => r.Runs).Where(s => s.Variant == variant).ToList();
                if (runs.Count == 0)
                    continue;
                var worst = runs.Max(s => s.Verdict);
                var median = Median(runs.Where(s => s.RecoveryS is not null).Select(s => s.RecoveryS!.Value));
                cells[group.Key.X, group.Key.Y] = new Cell(
                    worst,
                    worst == Verdict.Metastable ? null : median,
                    runs.Count,
                    group.All(r => r.Level < 0)
                )
                {
                    WorstRuns = runs.Count(s => s.Verdict == worst),
                    DrainS = Median(runs.Where(s => s.DrainS is not null).Select(s => s.DrainS!.Value)),
                };
            }
            Cells[variant] = cells;
        }
        ExtraAxes = sweep.Axes.Skip(2).Select(a => a.Key).ToList();
    }

    private static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? null : sorted[sorted.Count / 2];
    }

    public Axis XAxis { get; }

    public Axis? YAxis { get; }

    public IReadOnlyList<string> ExtraAxes { get; }

    public IReadOnlyList<string> Variants { get; }

    public Dictionary<string, Cell?[,]> Cells { get; } = [];

    private int XIndex(SweepPoint p) => XAxis.Values.ToList().IndexOf(p.Values[0]);

    private int YIndex(SweepPoint p) => YAxis is null ? 0 : YAxis.Values.ToList().IndexOf(p.Values[1]);

    /// <summary>An axis value as a number for plotting: seconds for durations, per second for rates.</summary>
    public static double? Numeric(string value)
    {
        var inv = CultureInfo.InvariantCulture;
        if (double.TryParse(value, NumberStyles.Float, inv, out var d))
            return d;
        try
        {
            return value.Contains('/') ? Units.ParseRate(value) : Units.ToSeconds(Units.ParseDuration(value));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
