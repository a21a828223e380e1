namespace StallSim.Simulator.Tests;

[Collection("cli")]
public class SweepTests
{
    /// <summary>A sweep of 6 quick points over a small base scenario written beside it.</summary>
    private static string SmallSweep(string axes = "  workload.rate: [60/s, 120/s, 180/s]\n  workload.trigger.factor: [2, 6]\n", string name = "small-sweep")
    {
        var dir = CliHarness.TempDir();
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "base.yaml"), CliHarness.Small);
        var path = Path.Combine(dir, "sweep.yaml");
        File.WriteAllText(path, $"name: {name}\nbase: base.yaml\nvariants: [buggy, fixed]\nseeds: [1, 2]\naxes:\n{axes}");
        return path;
    }

    private static byte[] Points(string dir) => File.ReadAllBytes(Path.Combine(dir, "points.csv"));

    [Fact]
    public void A_whole_sweep_and_its_merged_shards_give_the_same_points_csv()
    {
        var sweep = SmallSweep();
        var whole = CliHarness.TempDir();
        Assert.Equal(0, CliHarness.Run("sweep", sweep, "--out", whole, "--quiet").Code);
        var shards = new List<string>();
        for (var k = 1; k <= 3; k++)
        {
            var dir = CliHarness.TempDir();
            Assert.Equal(0, CliHarness.Run("sweep", sweep, "--out", dir, "--shard", $"{k}/3", "--quiet").Code);
            shards.Add(dir);
        }
        var merged = CliHarness.TempDir();
        var merge = CliHarness.Run(["merge", .. shards, "--out", merged]);
        Assert.Equal(0, merge.Code);
        Assert.Contains("merged 3 shard(s)", merge.Out);
        Assert.Equal(Points(whole), Points(merged));
        var quietly = CliHarness.Run(["merge", .. shards, "--out", CliHarness.TempDir(), "--quiet"]);
        Assert.Equal(0, quietly.Code);
        Assert.Equal("", quietly.Out);
        Assert.Equal(1 + 6 * 2 * 2, File.ReadAllLines(Path.Combine(whole, "points.csv")).Length);
        foreach (var file in new[] { "heatmap.png", "recovery.png", "report.md", "sweep.yaml" })
            Assert.True(File.Exists(Path.Combine(merged, file)), file);
    }

    [Fact]
    public void The_number_of_jobs_does_not_change_the_points()
    {
        var sweep = SmallSweep();
        var one = CliHarness.TempDir();
        var two = CliHarness.TempDir();
        Assert.Equal(0, CliHarness.Run("sweep", sweep, "--out", one, "--jobs", "1", "--quiet").Code);
        Assert.Equal(0, CliHarness.Run("sweep", sweep, "--out", two, "--jobs", "2", "--quiet").Code);
        Assert.Equal(Points(one), Points(two));
    }

    [Fact]
    public void An_interrupted_sweep_resumes_without_rerunning_finished_points()
    {
        var sweep = SmallSweep();
        var dir = CliHarness.TempDir();
        Assert.Equal(0, CliHarness.Run("sweep", sweep, "--out", dir, "--quiet").Code);
        var complete = Points(dir);
        var journal = Path.Combine(dir, ".points");
        var entries = Directory.GetFiles(journal).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(6, entries.Count);

        // As if killed after some points: the final file and half of the journal are gone...
        File.Delete(Path.Combine(dir, "points.csv"));
        foreach (var entry in entries.Skip(3)) File.Delete(entry);
        // ... and a finished point carries a mark that a re-run of it would erase.
        var kept = File.ReadAllText(entries[0]);
        File.WriteAllText(entries[0], kept.Replace(",recovered,", ",stable,").Replace(",metastable,", ",stable,"));
        var marked = File.ReadAllText(entries[0]);

        Assert.Equal(0, CliHarness.Run("sweep", sweep, "--out", dir, "--quiet").Code);
        Assert.Equal(marked, File.ReadAllText(entries[0]));   // not run again
        var resumed = File.ReadAllLines(Path.Combine(dir, "points.csv"));
        var original = System.Text.Encoding.UTF8.GetString(complete).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(original.Length, resumed.Length);
        Assert.Equal(original.Skip(1 + 4), resumed.Skip(1 + 4));   // points 2..6 (4 rows each) identical
        var keys = resumed.Skip(1).Select(l => string.Join(',', l.Split(',')[..5])).ToList();   // axes, scenario, variant, seed
        Assert.Equal(keys.Count, keys.Distinct().Count());   // each point once
    }

    [Fact]
    public void Sweep_assertions_fail_with_exit_1()
    {
        var sweep = SmallSweep();
        var dir = CliHarness.TempDir();
        var outcome = CliHarness.Run("sweep", sweep, "--out", dir, "--quiet", "--never", "fixed=recovered");
        Assert.Equal(1, outcome.Code);
        Assert.Contains("expectation failed: fixed is never recovered", outcome.Err);
        var somewhere = CliHarness.Run("sweep", sweep, "--out", dir, "--quiet", "--somewhere", "fixed=metastable");
        Assert.Equal(1, somewhere.Code);
    }

    private static void AssertBadInput(CliHarness.Outcome outcome, params string[] fragments)
    {
        Assert.Equal(2, outcome.Code);
        var err = outcome.Err.TrimEnd('\n', '\r');
        Assert.StartsWith("stallsim: ", err);
        Assert.DoesNotContain('\n', err);
        foreach (var f in fragments) Assert.Contains(f, err);
    }

    [Fact]
    public void An_axis_on_an_unknown_key_path_is_rejected()
    {
        var dir = CliHarness.TempDir();
        AssertBadInput(CliHarness.Run("sweep", SmallSweep("  workload.speed: [1, 2]\n"), "--out", dir), "workload.speed", "unknown key");
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void An_empty_axis_is_rejected() =>
        AssertBadInput(CliHarness.Run("sweep", SmallSweep("  workload.rate: []\n"), "--out", CliHarness.TempDir()), "workload.rate", "non-empty list");

    [Fact]
    public void An_axis_value_the_scenario_refuses_is_rejected_before_anything_runs() =>
        AssertBadInput(CliHarness.Run("sweep", SmallSweep("  pool.capacity: [10, -3]\n"), "--out", CliHarness.TempDir()), "pool.capacity", "-3");

    [Fact]
    public void A_range_with_too_few_steps_is_rejected() =>
        AssertBadInput(CliHarness.Run("sweep", SmallSweep("  workload.rate: { from: 60/s, to: 180/s, steps: 1 }\n"), "--out", CliHarness.TempDir()),
            "workload.rate.steps", "2 to 1000");

    [Fact]
    public void A_range_expands_to_evenly_spaced_values_with_their_unit()
    {
        var dir = CliHarness.TempDir();
        Assert.Equal(0, CliHarness.Run("sweep", SmallSweep("  workload.rate: { from: 60/s, to: 180/s, steps: 3 }\n"), "--out", dir, "--quiet").Code);
        var rates = File.ReadAllLines(Path.Combine(dir, "points.csv")).Skip(1).Select(l => l.Split(',')[0]).Distinct();
        Assert.Equal(["60/s", "120/s", "180/s"], rates);
    }

    [Fact]
    public void A_sweep_without_a_base_is_rejected()
    {
        var path = CliHarness.TempYaml("name: nobase\naxes:\n  workload.rate: [60/s]\n");
        AssertBadInput(CliHarness.Run("sweep", path, "--out", CliHarness.TempDir()), "base", "shipped name");
    }

    [Fact]
    public void A_sweep_override_of_an_unknown_key_is_rejected()
    {
        var dir = CliHarness.TempDir();
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "base.yaml"), CliHarness.Small);
        var path = Path.Combine(dir, "sweep.yaml");
        File.WriteAllText(path, "name: s\nbase: base.yaml\nset: { workload.speed: 3 }\naxes:\n  workload.rate: [60/s]\n");
        AssertBadInput(CliHarness.Run("sweep", path, "--out", CliHarness.TempDir()), "workload.speed", "unknown key");
    }

    [Fact]
    public void Axes_that_are_not_a_mapping_are_rejected()
    {
        var path = CliHarness.TempYaml("name: s\nbase: seed-stall\naxes: [workload.rate]\n");
        AssertBadInput(CliHarness.Run("sweep", path, "--out", CliHarness.TempDir()), "axes", "mapping");
    }

    [Fact]
    public void Sweep_jobs_and_out_are_checked()
    {
        AssertBadInput(CliHarness.Run("sweep", SmallSweep(), "--jobs", "0", "--out", CliHarness.TempDir()), "--jobs 0", "1 to 1024");
        var file = CliHarness.TempYaml("x: 1\n");
        AssertBadInput(CliHarness.Run("sweep", SmallSweep(), "--out", file), "is a file");
    }

    [Fact]
    public void Merge_needs_an_output_and_sweep_outputs()
    {
        AssertBadInput(CliHarness.Run("merge", CliHarness.TempDir()), "out");
        var notASweep = CliHarness.TempDir();
        Directory.CreateDirectory(notASweep);
        AssertBadInput(CliHarness.Run("merge", notASweep, "--out", CliHarness.TempDir()), "not a sweep output");
    }

    [Fact]
    public void A_bad_sweep_assertion_is_rejected() =>
        AssertBadInput(CliHarness.Run("sweep", SmallSweep(), "--out", CliHarness.TempDir(), "--never", "fixed=broken"), "--never fixed=broken", "VERDICT");

    [Theory]
    [InlineData("4/3")]
    [InlineData("0/2")]
    [InlineData("1-3")]
    public void A_shard_out_of_range_is_rejected(string shard) =>
        AssertBadInput(CliHarness.Run("sweep", SmallSweep(), "--shard", shard, "--out", CliHarness.TempDir()), $"--shard {shard}", "k/n");

    [Fact]
    public void Merging_shards_of_different_sweeps_is_refused()
    {
        var a = CliHarness.TempDir();
        var b = CliHarness.TempDir();
        Assert.Equal(0, CliHarness.Run("sweep", SmallSweep(), "--out", a, "--shard", "1/2", "--quiet").Code);
        Assert.Equal(0, CliHarness.Run("sweep", SmallSweep(name: "other"), "--out", b, "--shard", "2/2", "--quiet").Code);
        AssertBadInput(CliHarness.Run("merge", a, b, "--out", CliHarness.TempDir()), "different sweep");
    }

    [Fact]
    public void Merging_with_a_missing_shard_or_an_overlap_is_refused()
    {
        var sweep = SmallSweep();
        var first = CliHarness.TempDir();
        var again = CliHarness.TempDir();
        Assert.Equal(0, CliHarness.Run("sweep", sweep, "--out", first, "--shard", "1/2", "--quiet").Code);
        Assert.Equal(0, CliHarness.Run("sweep", sweep, "--out", again, "--shard", "1/2", "--quiet").Code);
        AssertBadInput(CliHarness.Run("merge", first, "--out", CliHarness.TempDir()), "is a shard missing");
        AssertBadInput(CliHarness.Run("merge", first, again, "--out", CliHarness.TempDir()), "must not overlap");
    }

    [Fact]
    public void An_output_directory_of_another_sweep_is_not_mixed_into()
    {
        var dir = CliHarness.TempDir();
        Assert.Equal(0, CliHarness.Run("sweep", SmallSweep(), "--out", dir, "--quiet").Code);
        AssertBadInput(CliHarness.Run("sweep", SmallSweep(name: "other"), "--out", dir, "--quiet"), "different sweep");
    }

    [Fact]
    public void Run_refuses_a_sweep_and_sweep_refuses_a_scenario()
    {
        AssertBadInput(CliHarness.Run("run", SmallSweep(), "--out", CliHarness.TempDir()), "run it with 'stallsim sweep'");
        AssertBadInput(CliHarness.Run("sweep", CliHarness.TempYaml(CliHarness.Small), "--out", CliHarness.TempDir()), "not a sweep");
    }
}
