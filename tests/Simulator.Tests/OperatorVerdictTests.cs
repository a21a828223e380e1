using ScottPlot;
using StallSim.PoolModel;
using StallSim.PoolModel.Observe;
using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Tests;

/// <summary>
/// The cases where a verdict misled an operator (long deadlines that count late service as goodput, an overloaded
/// baseline, plots of one seed, a default walk nobody chose), each on a small pool whose arithmetic is known:
/// 20 connections at 50 ms a query serve 400/s; a slow database ×4 cuts that to 100/s.
/// </summary>
public class OperatorVerdictTests
{
    /// <summary>300/s on 400/s of capacity, 30 s deadlines, a 10 s slow database from 20 s: about 2,000 waiters
    /// queue, and drain at about 100/s once it ends, some 20 s; served before their deadline, they are goodput.</summary>
    private const string LongDeadlines = """
        name: long-deadlines
        horizon: 70s
        seeds: [1]
        variants: [fixed]
        pool: { capacity: 20 }
        workload:
          rate: 300/s
          trigger: { kind: slow-db, start: 20s, duration: 10s, factor: 4 }
          deadline: 30s
          service: { dist: exponential, mean: 50ms }
        go: { costs: { scan_per_element: warm } }
        """;

    private static RunSummary Run(string yaml, params string[] sets)
    {
        var tree = YamlTree.Parse("test.yaml", yaml);
        Cli.ScenarioInput.ApplySets(tree, sets);
        return Assert.Single(Runner.RunAll(ScenarioBinder.Bind(tree), 1)).Summary;
    }

    [Fact]
    public void A_waitlist_that_stays_long_after_goodput_returns_reports_a_drain_time_past_it()
    {
        var s = Run(LongDeadlines);
        Assert.Equal(Verdict.Recovered, s.Verdict);
        Assert.True(s.PeakWaitlist > 1000, $"peak waitlist {s.PeakWaitlist}: the episode queues the backlog");
        Assert.NotNull(s.DrainS);
        Assert.True(s.DrainS > s.RecoveryS + 5, $"drain {s.DrainS} s against goodput's recovery {s.RecoveryS} s");
        Assert.True(s.LatencyRecoveryS is null || s.LatencyRecoveryS > s.RecoveryS + 5, $"latency back at {s.LatencyRecoveryS} s");
    }

    [Fact]
    public void A_latency_objective_makes_late_service_stop_counting_as_goodput()
    {
        // 15 s after the episode, the backlog is still some 500 waiters, seconds deep.
        var without = Run(LongDeadlines, "horizon=45s");
        var with = Run(LongDeadlines, "horizon=45s", "verdict.latency_slo=1s");
        Assert.Equal(Verdict.Recovered, without.Verdict);
        Assert.NotEqual(without.Verdict, with.Verdict);
        Assert.True(with.Counts.Goodput < without.Counts.Goodput, $"goodput {with.Counts.Goodput} with the objective, {without.Counts.Goodput} without");
    }

    [Fact]
    public void An_overloaded_baseline_is_flagged_instead_of_judged()
    {
        var s = Run(LongDeadlines, "workload.rate=500/s", "workload.deadline=2s");   // 500/s on 400/s of capacity
        Assert.Equal(Verdict.NoBaseline, s.Verdict);
        Assert.Contains("overloaded", s.VerdictReason);
        Assert.Null(s.RecoveryS);
    }

    [Fact]
    public void A_healthy_baseline_is_not_flagged()
    {
        var s = Run(LongDeadlines, "workload.rate=200/s");
        Assert.NotEqual(Verdict.NoBaseline, s.Verdict);
    }

    [Fact]
    public void The_goodput_plot_of_a_four_seed_run_draws_every_seed()
    {
        var tree = YamlTree.Parse("test.yaml", LongDeadlines);
        Cli.ScenarioInput.ApplySets(tree, ["seeds=[1, 2, 3, 4]", "variants=[buggy, fixed]"]);
        var scenario = ScenarioBinder.Bind(tree);
        var results = Runner.RunAll(scenario, 2);
        var plot = Output.RunPlots.GoodputPlot(scenario, results);
        var lines = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Select(p => p.Data.GetScatterPoints().Select(c => c.Y).ToArray()).ToList();
        Assert.Equal(8, results.Count);
        foreach (var r in results)
        {
            var goodput = Output.PlotLook.PerSecond(r.Samples, s => s.GoodputPerS).V;
            Assert.True(lines.Any(l => l.SequenceEqual(goodput)), $"{r.Summary.Variant} seed {r.Summary.Seed}: its goodput is not drawn");
        }
    }
}

/// <summary>A scenario that names no walk table gets the verdict on both calibrated walks.</summary>
[Collection("cli")]
public class BothWalksTests
{
    [Fact]
    public void A_scenario_without_a_walk_table_reports_both_verdicts()
    {
        var outDir = CliHarness.TempDir();
        var outcome = CliHarness.Run("run", CliHarness.TempYaml(CliHarness.Small), "--out", outDir);
        Assert.True(outcome.Code == 0, outcome.Err);
        Assert.Contains("on the cold walk: buggy seed 1 ", outcome.Out);
        var report = File.ReadAllText(Path.Combine(outDir, "report.md"));
        Assert.Contains("## On both calibrated walks", report);
        Assert.Matches(@"\| buggy \| 1 \| [a-z]+[^|]* \| [a-z]+[^|]* \|", report);
        Assert.Matches(@"\| fixed \| 1 \| [a-z]+[^|]* \| [a-z]+[^|]* \|", report);
    }

    [Fact]
    public void A_scenario_that_names_its_walk_runs_on_it_alone()
    {
        var outDir = CliHarness.TempDir();
        var outcome = CliHarness.Run("run", CliHarness.TempYaml(CliHarness.Small + "\ngo: { costs: { scan_per_element: cold } }\n"), "--out", outDir);
        Assert.True(outcome.Code == 0, outcome.Err);
        Assert.DoesNotContain("on the cold walk", outcome.Out);
        Assert.DoesNotContain("On both calibrated walks", File.ReadAllText(Path.Combine(outDir, "report.md")));
    }
}
