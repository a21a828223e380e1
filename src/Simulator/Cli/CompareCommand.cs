using System.Globalization;
using System.Text;
using StallSim.PoolModel.Observe;
using StallSim.Simulator.Output;
using StallSim.Simulator.Sweeps;

namespace StallSim.Simulator.Cli;

/// <summary>
/// <c>stallsim compare SWEEP</c>: the sweep's grid for each of its variants, then, per variant, what share of the
/// grid stays out of the stall and what that costs, ranked: compare.csv, the sweep's heatmap (one panel per
/// variant, side by side) and a ranked table at the top of report.md.
/// </summary>
public static class CompareCommand
{
    /// <summary>One variant over the whole grid.</summary>
    public sealed record Row(
        string Variant,
        int Runs,
        double Stable,
        double Recovered,
        double Metastable,
        double? MedianRecoveryS,
        double? WorstRecoveryS,
        double? GoodputDuring,
        double? GoodputAfter,
        double? LatencyP99MsDuring,
        double FailedPerRun
    )
    {
        /// <summary>The share of the grid that is not stalled: stable or recovered.</summary>
        public double Safe => Stable + Recovered;
    }

    public static int Execute(CompareOptions options)
    {
        var sweep = SweepCommands.Load(options.File, options.Seeds, options.Refine, options.Sets, options.SeedCount);
        sweep.GoroutineLimit = Work.GoroutineLimit(options);
        var jobs = ScenarioInput.Jobs(options.Jobs);
        var outDir = options.Out ?? Path.Combine("results", sweep.Name);
        Work.Check(
            sweep.Name,
            sweep.EstimatedEvents,
            sweep.EstimatedLiveGoroutines,
            options.MaxEvents,
            options.Force || sweep.Refine > 0,
            sweep.EstimatedMemory
        );
        var console = new ConsoleOutput(options.Quiet);
        var (results, drawn) = SweepCommands.Execute(sweep, outDir, Shard.Whole, jobs, console);
        var tallied = Designs(sweep, results);
        var rows = Rank(tallied);
        var ranking = Table(rows);
        SweepOutputs.WriteAll(
            outDir,
            sweep,
            results,
            Designs(sweep, drawn ?? results),
            Markdown(rows),
            files => CsvFiles.Write(files.Reserve("compare.csv"), ranking),
            tallied,
            ranking
        );
        console.Line(
            $"{sweep.Name}: {Words.Count(results.Count, "point")} × {Words.Count(rows.Count, "variant")}, ranked by the share of the "
                + $"grid not stalled:"
        );
        var width = rows.Max(r => r.Variant.Length);
        foreach (var r in rows)
            console.Line(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"  {RankOf(rows, r), 2}. {r.Variant.PadRight(width)}  not stalled {100 * r.Safe, 5:0.#}%  stalled "
                        + $"{100 * r.Metastable, 5:0.#}%  goodput during {Pct(r.GoodputDuring)}"
                )
            );
        console.Line($"wrote {outDir}/: report.md, report.html, compare.csv, points.csv, heatmap.png, recovery.png");
        return 0;
    }

    /// <summary>The designs compared: each variant, and, when the sweep has axes beyond the two of the map (a retry
    /// budget, say), each variant with each of their values, as a variant of its own ("buggy, budget=none").</summary>
    private static IReadOnlyList<PointResult> Designs(SweepFile sweep, IReadOnlyList<PointResult> results)
    {
        if (sweep.Axes.Count <= 2)
            return results;
        return
        [
            .. results.Select(r =>
            {
                var suffix = string.Concat(
                    Enumerable.Range(2, sweep.Axes.Count - 2).Select(a => $", {sweep.Axes[a].Key.Split('.')[^1]}={r.Point.Values[a]}")
                );
                return r with { Runs = [.. r.Runs.Select(s => s with { Variant = s.Variant + suffix })] };
            }),
        ];
    }

    private static string Pct(double? v) => v is { } x ? (100 * x).ToString("0", CultureInfo.InvariantCulture) + "%" : "–";

    private static double? Median(IEnumerable<double> values)
    {
        var v = values.Order().ToList();
        return v.Count == 0 ? null
            : v.Count % 2 == 1 ? v[v.Count / 2]
            : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
    }

    /// <summary>Designs with the same shares of the grid not stalled and stalled share a rank: the grid cannot tell
    /// them apart, and ordering them by their costs would rank noise (two seed sets order them differently).</summary>
    public static int RankOf(IReadOnlyList<Row> rows, Row row) =>
        1 + rows.Count(r => r.Safe > row.Safe || (r.Safe == row.Safe && r.Metastable < row.Metastable));

    /// <summary>Per variant, ordered: the larger share of the grid not stalled first, then the smaller share stalled;
    /// within a rank, by the goodput kept during the trigger (a cost, not a rank).</summary>
    public static IReadOnlyList<Row> Rank(IReadOnlyList<PointResult> results)
    {
        var runs = results.SelectMany(r => r.Runs).ToList();
        var rows = new List<Row>();
        foreach (var variant in runs.Select(r => r.Variant).Distinct())
        {
            var mine = runs.Where(r => r.Variant == variant).ToList();
            double Share(Verdict v) => (double)mine.Count(r => r.Verdict == v) / mine.Count;
            var recoveries = mine.Where(r => r.RecoveryS is not null).Select(r => r.RecoveryS!.Value).ToList();
            var baseline = mine.Where(r => r.BaselineGoodputPerS > 0).ToList();
            rows.Add(
                new Row(
                    variant,
                    mine.Count,
                    Share(Verdict.Stable),
                    Share(Verdict.Recovered),
                    Share(Verdict.Metastable),
                    Median(recoveries),
                    recoveries.Count == 0 ? null : recoveries.Max(),
                    Median(baseline.Select(r => r.TriggerGoodputPerS / r.BaselineGoodputPerS)),
                    Median(baseline.Select(r => r.FinalGoodputPerS / r.BaselineGoodputPerS)),
                    Median(
                        mine.SelectMany(r => r.Phases)
                            .Where(p => p.Phase == Phase.During && p.LatencyP99Ms is not null)
                            .Select(p => p.LatencyP99Ms!.Value)
                    ),
                    mine.Average(r => (double)r.Timeouts)
                )
            );
        }
        return
        [
            .. rows.OrderByDescending(r => r.Safe)
                .ThenBy(r => r.Metastable)
                .ThenByDescending(r => r.GoodputDuring ?? 0)
                .ThenBy(r => r.Variant, StringComparer.Ordinal),
        ];
    }

    public static readonly IReadOnlyList<string> Columns =
    [
        "rank",
        "variant",
        "runs",
        "stable_share",
        "recovered_share",
        "metastable_share",
        "safe_share",
        "median_recovery_s",
        "worst_recovery_s",
        "goodput_during_vs_baseline",
        "goodput_after_vs_baseline",
        "latency_p99_ms_during",
        "failed_per_run",
    ];

    private static string N(double? v) => v is { } x ? x.ToString("0.####", CultureInfo.InvariantCulture) : "";

    /// <summary>compare.csv as a table (report.html shows it too).</summary>
    private static CsvTable Table(IReadOnlyList<Row> rows) =>
        CsvTable.Of(
            Columns,
            rows.Select(
                (r, i) =>
                    (IEnumerable<string>)
                        [
                            RankOf(rows, r).ToString(CultureInfo.InvariantCulture),
                            r.Variant,
                            r.Runs.ToString(CultureInfo.InvariantCulture),
                            N(r.Stable),
                            N(r.Recovered),
                            N(r.Metastable),
                            N(r.Safe),
                            N(r.MedianRecoveryS),
                            N(r.WorstRecoveryS),
                            N(r.GoodputDuring),
                            N(r.GoodputAfter),
                            N(r.LatencyP99MsDuring),
                            N(r.FailedPerRun),
                        ]
            )
        );

    private static string Markdown(IReadOnlyList<Row> rows)
    {
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("## Ranking").AppendLine();
        md.AppendLine(
                "Ranked by the share of the grid's runs that are not stalled (stable or recovered), then the share stalled. Designs "
                    + "with the "
                    + "same shares share a rank: the grid cannot tell them apart, and their order within the rank (by the goodput kept "
                    + "during the "
                    + "trigger) is a cost, not a ranking. Goodput is relative to each run's baseline; latency is the p99 of the "
                    + "requests served during "
                    + "the trigger (median over runs); failed: requests that timed out or were refused (shed), per run."
            )
            .AppendLine();
        md.AppendLine(
            "| rank | variant | not stalled | stable | recovered | metastable | median / worst recovery (s) | goodput during | goodput "
                + "after | p99 during (ms) | failed per run |"
        );
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        string P(double v) => (100 * v).ToString("0.#", inv) + "%";
        string S(double? v) => v is { } x ? x.ToString("0.#", inv) : "–";
        foreach (var r in rows)
        {
            md.AppendLine(
                $"| {RankOf(rows, r)} | {r.Variant} | {P(r.Safe)} | {P(r.Stable)} | {P(r.Recovered)} | {P(r.Metastable)} | "
                    + $"{S(r.MedianRecoveryS)} / {S(r.WorstRecoveryS)} | "
                    + $"{(r.GoodputDuring is { } d ? P(d) : "–")} | {(r.GoodputAfter is { } a ? P(a) : "–")} | "
                    + $"{S(r.LatencyP99MsDuring)} | {r.FailedPerRun.ToString("N0", inv)} |"
            );
        }
        return md.ToString();
    }
}
