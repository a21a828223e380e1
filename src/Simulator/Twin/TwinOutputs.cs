using System.Globalization;
using ScottPlot;
using StallSim.PoolModel;
using StallSim.PoolModel.Go;
using StallSim.PoolModel.Observe;
using StallSim.Simulator.Dumps;
using StallSim.Simulator.Output;
using static StallSim.Simulator.Output.PlotLook;

namespace StallSim.Simulator.Twin;

/// <summary>What <c>stallsim twin</c> writes: the comparison tables, the two overlay plots, and a report that says
/// where the twin and the simulator agree and where not.</summary>
public static partial class TwinOutputs
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The census shares compared: the seed's five sites and "runnable".</summary>
    public static readonly IReadOnlyList<Site> ComparedSites =
    [
        PoolModel.Waitlist.BlockingSites.JoinLock,
        PoolModel.Waitlist.BlockingSites.SelfRemovalLock,
        PoolModel.Waitlist.BlockingSites.ReturnerLock,
        PoolModel.Waitlist.BlockingSites.HandoffSend,
        PoolModel.Waitlist.BlockingSites.ParkedInSelect,
        Site.Runnable,
    ];

    /// <summary>How a twin census instant was matched with the simulator's: the same instant, or the instant as deep
    /// into the stall (<see cref="DepthMatch"/>).</summary>
    public enum Matched
    {
        Clock,
        Depth,
    }

    public sealed record CensusRow(
        string Variant,
        ulong Seed,
        double TimeS,
        Site Site,
        int Twin,
        double TwinShare,
        int Sim,
        double SimShare,
        Matched Match,
        double SimTimeS,
        int TwinDepth,
        int SimDepth
    );

    /// <summary>Shares are of the goroutines the pool accounts for: the twin's "other" goroutines (its driver, the
    /// runtime's own) have no counterpart in the simulator and are left out of both denominators. Each twin census
    /// gives two sets of rows: beside the simulator's census at the same instant, and beside the one as deep.</summary>
    public static IReadOnlyList<CensusRow> CensusRows(IReadOnlyList<TwinRun> twin, IReadOnlyList<RunResult> sim)
    {
        var rows = new List<CensusRow>();
        foreach (var match in new[] { Matched.Clock, Matched.Depth })
        foreach (var t in twin)
        {
            var s = sim.First(r => r.Summary.Variant == t.Variant && r.Summary.Seed == t.Seed);
            foreach (var (time, census) in t.Census)
            {
                var depth = DepthMatch.Depth(census.Sites);
                var twinTotal = census.Total - census.At(LineMap.Other);
                var simCensus =
                    match == Matched.Clock
                        ? s.Census.FirstOrDefault(c => Math.Abs(c.TimeS - time) < 1e-6)
                        : DepthMatch.Match(time, depth, twinTotal, s.Census);
                if (simCensus is null)
                    continue;
                foreach (
                    var site in census
                        .Sites.Select(x => x.Site)
                        .Concat(simCensus.Sites.Select(x => x.Site))
                        .Where(x => x != LineMap.Other)
                        .Distinct()
                )
                {
                    var a = census.At(site);
                    var b = simCensus.At(site);
                    rows.Add(
                        new CensusRow(
                            t.Variant,
                            t.Seed,
                            time,
                            site,
                            a,
                            twinTotal == 0 ? 0 : 100.0 * a / twinTotal,
                            b,
                            simCensus.Share(site),
                            match,
                            simCensus.TimeS,
                            depth,
                            DepthMatch.Depth(simCensus.Sites)
                        )
                    );
                }
            }
        }
        return rows;
    }

    public static void Write(
        string outDir,
        Scenario scenario,
        IReadOnlyList<TwinRun> twin,
        IReadOnlyList<RunResult> sim,
        IReadOnlyList<TwinCompare.Row> rows,
        IReadOnlyList<(string Variant, ulong Seed, VerdictJudge.Judgement Judged)> twinVerdicts,
        string? walkNote = null
    )
    {
        var census = CensusRows(twin, sim);
        using var files = new OutputFiles(outDir);
        string N(double v) => CsvFiles.Num(v);
        var compare = CsvTable.Of(
            ["segment", "from_s", "to_s", "variant", "metric", "twin_median", "sim_median", "criterion", "holds"],
            rows.Select(r =>
                (IEnumerable<string>)
                    [
                        r.Segment,
                        N(r.FromS),
                        N(r.ToS),
                        r.Variant,
                        r.Metric,
                        N(r.Twin),
                        N(r.Sim),
                        r.Criterion ?? "",
                        r.Holds is { } h ? (h ? "yes" : "no") : "",
                    ]
            )
        );
        CsvFiles.Write(files.Reserve("twin-compare.csv"), compare);
        Output
            .Html.TwinHtml.Build(
                scenario,
                walkNote is null ? MachineLine(scenario, twin) : MachineLine(scenario, twin) + " " + walkNote,
                twin.Select(t => (t.Variant, t.Seed, t.Samples)),
                sim.Select(r => (r.Summary.Variant, r.Summary.Seed, r.Samples)),
                compare
            )
            .Write(files.Reserve("twin-report.html"));
        CsvFiles.WriteRows(
            files.Reserve("census-compare.csv"),
            ["variant", "seed", "t_s", "match", "sim_t_s", "site", "twin_goroutines", "twin_percent", "sim_goroutines", "sim_percent"],
            census.Select(c =>
                (IEnumerable<string>)
                    [
                        c.Variant,
                        c.Seed.ToString(Inv),
                        N(c.TimeS),
                        c.Match == Matched.Clock ? "clock" : "depth",
                        N(c.SimTimeS),
                        c.Site.Name,
                        c.Twin.ToString(Inv),
                        N(c.TwinShare),
                        c.Sim.ToString(Inv),
                        N(c.SimShare),
                    ]
            )
        );
        Overlay(files.Reserve("twin-goodput.png"), scenario, twin, sim, "goodput (1 s means)", "requests per second", s => s.GoodputPerS);
        Overlay(files.Reserve("twin-waitlist.png"), scenario, twin, sim, "waitlist length", "waiters", s => s.WaitlistLength);
        files.WriteText("twin-report.md", Report(scenario, twin, sim, rows, census, twinVerdicts, walkNote));
        files.Commit();
    }

    private static void Overlay(
        string path,
        Scenario scenario,
        IReadOnlyList<TwinRun> twin,
        IReadOnlyList<RunResult> sim,
        string title,
        string yLabel,
        Func<Sample, double> value
    )
    {
        var plot = new Plot();
        ShadeTrigger(plot, scenario);
        var variants = scenario.Variants.ToList();
        var seed = twin[0].Seed;
        var top = 1.0;
        void Line(IReadOnlyList<Sample> samples, ScottPlot.Color color, bool dashed, string legend)
        {
            var (x, y) = PerSecond(samples, value);
            top = Math.Max(top, y.DefaultIfEmpty(0).Max());
            var line = plot.Add.ScatterLine(x, y);
            line.Color = color;
            if (dashed)
                line.LinePattern = LinePattern.Dashed;
            line.LineWidth = 2;
            line.LegendText = legend;
        }
        foreach (var (variant, i) in variants.Select((v, i) => (v, i)))
        {
            var s = sim.FirstOrDefault(r => r.Summary.Variant == variant && r.Summary.Seed == seed);
            var t = twin.FirstOrDefault(r => r.Variant == variant && r.Seed == seed);
            if (s is not null)
                Line(s.Samples, ColorOf(variant), dashed: false, $"{variant}: simulator");
            if (t is not null)
                Line(t.Samples, ColorOf(variant).WithAlpha(0.8), dashed: true, $"{variant}: twin (real Go)");
        }
        plot.Title($"{scenario.Name}: {title}, simulator and twin (seed {seed})");
        plot.XLabel("time (s): virtual for the simulator, wall-clock for the twin");
        plot.YLabel(yLabel);
        plot.Axes.SetLimitsX(0, Engine.Units.ToSeconds(scenario.Horizon));
        plot.Axes.SetLimitsY(0, top * 1.05); // counts and rates: nothing below zero to show
        LegendOutside(plot);
        plot.SavePng(path, 1300, 550);
    }
}
