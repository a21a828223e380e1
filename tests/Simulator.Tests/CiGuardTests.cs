namespace StallSim.Simulator.Tests;

/// <summary>CI guards without extra files: run --never, --expect with any of several verdicts, and sweep's
/// --set and --seeds on every point.</summary>
[Collection("cli")]
public class CiGuardTests
{
    /// <summary>20 connections at 50 ms serve 400/s; 300/s and a slow database ×4 for 3 s recover (checked below).</summary>
    private const string Recovering = """
        name: guard
        horizon: 40s
        seeds: [1]
        pool: { capacity: 20 }
        workload:
          rate: 300/s
          trigger: { kind: slow-db, start: 15s, duration: 3s, factor: 4 }
          deadline: 30s
          service: { dist: exponential, mean: 50ms }
        go: { costs: { scan_per_element: warm } }
        """;

    [Fact]
    public void Run_never_passes_on_a_fix_that_is_not_stalled_and_fails_on_one_that_is()
    {
        var file = CliHarness.TempYaml(Recovering);
        var ok = CliHarness.Run("run", file, "--out", CliHarness.TempDir(), "--quiet", "--never", "fixed=metastable", "--expect", "fixed=recovered");
        Assert.True(ok.Code == 0, ok.Err);
        // The same guard on a variant that stays stalled (release-23 on seed-stall's cold walk, cliff's set-up).
        var stalled = CliHarness.Run("run", "seed-stall", "--variant", "buggy", "--set", "horizon=150s", "--set", "workload.trigger.start=30s",
            "--out", CliHarness.TempDir(), "--quiet", "--never", "buggy=metastable");
        Assert.Equal(1, stalled.Code);
        Assert.Contains("expectation failed: buggy is never metastable, but seed-stall seed 1 was metastable", stalled.Err);
    }

    [Fact]
    public void Expect_with_several_verdicts_accepts_any_of_them()
    {
        var file = CliHarness.TempYaml(Recovering);
        var either = CliHarness.Run("run", file, "--out", CliHarness.TempDir(), "--quiet", "--expect", "fixed=stable,recovered");
        Assert.True(either.Code == 0, either.Err);
        var neither = CliHarness.Run("run", file, "--out", CliHarness.TempDir(), "--quiet", "--expect", "fixed=stable,metastable");
        Assert.Equal(1, neither.Code);
        Assert.Contains("fixed is stable or metastable, but", neither.Err);
    }

    [Fact]
    public void Sweep_set_and_seeds_apply_to_every_point_and_the_outputs_name_them()
    {
        var outDir = CliHarness.TempDir();
        var sweep = CliHarness.TempYaml("name: tiny\nbase:\n  name: b\n  horizon: 30s\n  seeds: [1]\n  variants: [buggy]\n  workload: { rate: 20/s }\naxes:\n  workload.rate: [10/s, 20/s]\n");
        var outcome = CliHarness.Run("sweep", sweep, "--out", outDir, "--quiet", "--set", "pool.capacity=7", "--seeds", "3");
        Assert.True(outcome.Code == 0, outcome.Err);
        var written = File.ReadAllText(Path.Combine(outDir, "sweep.yaml"));
        Assert.Contains("capacity: 7", written);
        Assert.Contains("seeds: [1, 2, 3]", written);
        var rows = File.ReadAllLines(Path.Combine(outDir, "points.csv")).Skip(1).ToList();
        Assert.Equal(6, rows.Count);   // 2 points × 3 seeds
    }
}
