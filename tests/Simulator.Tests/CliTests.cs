namespace StallSim.Simulator.Tests;

[Collection("cli")]
public class CliTests
{
    private static readonly string[] NineFiles =
        ["census.csv", "census.png", "goodput.png", "latency.png", "report.html", "report.md", "scenario.yaml", "state.png", "summary.csv", "timeseries.csv"];

    [Fact]
    public void A_run_writes_the_ten_outputs_and_prints_the_summary_table()
    {
        var file = CliHarness.TempYaml(CliHarness.Small);
        var outDir = CliHarness.TempDir();
        var outcome = CliHarness.Run("run", file, "--out", outDir);
        Assert.Equal(0, outcome.Code);
        Assert.Equal(NineFiles, Directory.GetFiles(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("variant", outcome.Out);
        Assert.Contains("buggy", outcome.Out);
        Assert.Contains("fixed", outcome.Out);
        var summary = File.ReadAllLines(Path.Combine(outDir, "summary.csv"));
        Assert.StartsWith("scenario,variant,seed,baseline_goodput_per_s,", summary[0]);
        Assert.Equal(3, summary.Length);
        foreach (var png in NineFiles.Where(f => f.EndsWith(".png")))
            Assert.True(new FileInfo(Path.Combine(outDir, png)).Length > 10_000, $"{png} looks empty");
    }

    [Fact]
    public void The_same_scenario_twice_gives_byte_identical_csv_files()
    {
        var file = CliHarness.TempYaml(CliHarness.Small);
        var a = CliHarness.TempDir();
        var b = CliHarness.TempDir();
        Assert.Equal(0, CliHarness.Run("run", file, "--out", a, "--quiet", "--jobs", "1").Code);
        Assert.Equal(0, CliHarness.Run("run", file, "--out", b, "--quiet", "--jobs", "2").Code);
        foreach (var csv in new[] { "summary.csv", "timeseries.csv", "census.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(a, csv)), File.ReadAllBytes(Path.Combine(b, csv)));
    }

    [Fact]
    public void Another_seed_gives_another_series()
    {
        var file = CliHarness.TempYaml(CliHarness.Small);
        var a = CliHarness.TempDir();
        var b = CliHarness.TempDir();
        Assert.Equal(0, CliHarness.Run("run", file, "--out", a, "--quiet", "--seed", "1").Code);
        Assert.Equal(0, CliHarness.Run("run", file, "--out", b, "--quiet", "--seed", "2").Code);
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(a, "timeseries.csv")), File.ReadAllBytes(Path.Combine(b, "timeseries.csv")));
    }

    [Fact]
    public void Set_overrides_reach_the_scenario_and_are_recorded_in_its_copy()
    {
        var file = CliHarness.TempYaml(CliHarness.Small);
        var outDir = CliHarness.TempDir();
        Assert.Equal(0, CliHarness.Run("run", file, "--out", outDir, "--quiet", "--set", "pool.capacity=7", "--variant", "fixed").Code);
        var yaml = File.ReadAllText(Path.Combine(outDir, "scenario.yaml"));
        Assert.Contains("capacity: 7", yaml);
        var summary = File.ReadAllLines(Path.Combine(outDir, "summary.csv"));
        Assert.Equal(2, summary.Length);
        Assert.Contains(",fixed,", summary[1]);
        var series = File.ReadAllLines(Path.Combine(outDir, "timeseries.csv")).Skip(1).Select(l => l.Split(','));
        Assert.All(series, row => Assert.InRange(int.Parse(row[9]), 0, 7));   // active <= capacity
    }

    [Fact]
    public void A_wrong_expectation_exits_1_and_says_which_run_failed()
    {
        var outDir = CliHarness.TempDir();
        var ok = CliHarness.Run("run", CliHarness.TempYaml(HealthySmall), "--out", outDir, "--quiet", "--expect", "fixed=stable", "--expect", "buggy=stable");
        Assert.Equal(0, ok.Code);
        var wrong = CliHarness.Run("run", CliHarness.TempYaml(HealthySmall), "--out", outDir, "--quiet", "--expect", "fixed=metastable");
        Assert.Equal(1, wrong.Code);
        Assert.Contains("expectation failed: fixed is metastable, but", wrong.Err);
    }

    private const string HealthySmall = """
        name: healthy-small
        horizon: 40s
        pool: { capacity: 150 }
        workload:
          rate: 1000/s
          trigger: { kind: slow-db, start: 20s, duration: 2s, factor: 1.2 }
          deadline: 5s
          service: { dist: exponential, mean: 50ms }
        """;

    [Fact]
    public void List_names_the_shipped_scenarios_and_presets()
    {
        var outcome = CliHarness.Run("list");
        Assert.Equal(0, outcome.Code);
        Assert.Contains("seed-stall", outcome.Out);
        Assert.Contains("buggy", outcome.Out);
        Assert.Contains("fixed", outcome.Out);
    }

    [Fact]
    public void Every_shipped_scenario_validates()
    {
        var names = StallSim.Simulator.Scenarios.ShippedScenarios.Names;
        Assert.Contains("seed-stall", names);
        var outcome = CliHarness.Run(["validate", .. names]);
        Assert.Equal(0, outcome.Code);
        Assert.Equal(names.Count, outcome.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Help_and_version_exit_0()
    {
        Assert.Equal(0, CliHarness.Run("--help").Code);
        Assert.Equal(0, CliHarness.Run("--version").Code);
        var runHelp = CliHarness.Run("run", "--help");
        Assert.Equal(0, runHelp.Code);
        Assert.Contains("--expect", runHelp.Out);
    }
}
