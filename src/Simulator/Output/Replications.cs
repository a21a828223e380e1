using System.Globalization;
using System.Text;
using MathNet.Numerics.Distributions;
using StallSim.PoolModel.Observe;

namespace StallSim.Simulator.Output;

/// <summary>
/// A run of several seeds as replications: per variant, the verdicts as counts, and the mean of each per-seed
/// figure of summary.csv with its 95% confidence interval (Student's t over the seeds that have the figure: a
/// seed that never recovered has no recovery time). replications.csv and the report's section come from here.
/// </summary>
public static class Replications
{
    public sealed record Figure(string Column, Func<RunSummary, double?> Of);

    /// <summary>The figures, under summary.csv's own column names.</summary>
    public static readonly IReadOnlyList<Figure> Figures =
    [
        new("recovery_s", s => s.RecoveryS),
        new("trigger_goodput_per_s", s => s.TriggerGoodputPerS),
        new("final_goodput_per_s", s => s.FinalGoodputPerS),
        new("expired_handoffs", s => s.Counts.ExpiredHandoffs),
        new("wait_p99_ms_during", s => s.Phases[(int)Phase.During].WaitP99Ms),
        new("wait_p99_ms_after", s => s.Phases[(int)Phase.After].WaitP99Ms),
    ];

    public sealed record Interval(int N, double Mean, double Low, double High);

    /// <summary>Mean and 95% interval of <paramref name="values"/>; one value has no interval (its ends are the value).</summary>
    public static Interval Of(IReadOnlyList<double> values)
    {
        var n = values.Count;
        if (n == 0)
            return new Interval(0, double.NaN, double.NaN, double.NaN);
        var mean = values.Average();
        if (n == 1)
            return new Interval(1, mean, mean, mean);
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        var half = StudentT.InvCDF(0, 1, n - 1, 0.975) * sd / Math.Sqrt(n);
        return new Interval(n, mean, mean - half, mean + half);
    }

    public static IReadOnlyList<string> Columns { get; } =
    [
        "variant",
        "n",
        .. CsvFiles.AllVerdictNames.Select(v => v.Replace('-', '_')),
        .. Figures.SelectMany(f => new[] { $"{f.Column}_n", $"{f.Column}_mean", $"{f.Column}_ci95_low", $"{f.Column}_ci95_high" }),
    ];

    private static string N(double v) => double.IsNaN(v) ? "" : CsvFiles.Num(v);

    public static void WriteCsv(string path, IReadOnlyList<RunSummary> runs) =>
        CsvFiles.WriteRows(
            path,
            Columns,
            runs.GroupBy(r => r.Variant)
                .Select(g =>
                {
                    var seeds = g.ToList();
                    var fields = new List<string> { g.Key, seeds.Count.ToString(CultureInfo.InvariantCulture) };
                    fields.AddRange(
                        Enum.GetValues<Verdict>().Select(v => seeds.Count(s => s.Verdict == v).ToString(CultureInfo.InvariantCulture))
                    );
                    foreach (var f in Figures)
                    {
                        var i = Of([.. seeds.Select(f.Of).OfType<double>()]);
                        fields.AddRange([i.N.ToString(CultureInfo.InvariantCulture), N(i.Mean), N(i.Low), N(i.High)]);
                    }
                    return (IEnumerable<string>)fields;
                })
        );

    public static void AppendSection(StringBuilder md, IReadOnlyList<RunSummary> runs)
    {
        md.AppendLine("## Replications").AppendLine();
        md.AppendLine(
                "Each seed is one replication. Means with their 95% confidence interval (Student's t over the seeds that have "
                    + "the figure: a seed that never recovered has no recovery time); replications.csv has every figure."
            )
            .AppendLine();
        md.AppendLine("| variant | verdicts | recovery s | final goodput/s | final / baseline | expired hand-offs | wait p99 after, ms |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var g in runs.GroupBy(r => r.Variant))
        {
            var seeds = g.ToList();
            var verdicts = string.Join(
                ", ",
                seeds
                    .GroupBy(s => s.Verdict)
                    .OrderBy(v => v.Key)
                    .Select(v => $"{CsvFiles.VerdictName(v.Key)} in {v.Count()} of {seeds.Count}")
            );
            string Cell(Func<RunSummary, double?> f, string format)
            {
                var i = Of([.. seeds.Select(f).OfType<double>()]);
                if (i.N == 0)
                    return "–";
                var text =
                    i.N == 1
                        ? i.Mean.ToString(format, CultureInfo.InvariantCulture)
                        : $"{i.Mean.ToString(format, CultureInfo.InvariantCulture)} "
                            + $"({i.Low.ToString(format, CultureInfo.InvariantCulture)} to "
                            + $"{i.High.ToString(format, CultureInfo.InvariantCulture)})";
                return i.N < seeds.Count ? $"{text}, {i.N} of {seeds.Count} seeds" : text;
            }
            md.AppendLine(
                $"| {g.Key} | {verdicts} | {Cell(s => s.RecoveryS, "0.#")} | {Cell(s => s.FinalGoodputPerS, "#,0")} | "
                    + $"{Cell(s => s.BaselineGoodputPerS > 0 ? s.FinalGoodputPerS / s.BaselineGoodputPerS : null, "0.00")} | "
                    + $"{Cell(s => s.Counts.ExpiredHandoffs, "#,0")} | {Cell(s => s.Phases[(int)Phase.After].WaitP99Ms, "#,0.#")} |"
            );
        }
        md.AppendLine();
    }
}
