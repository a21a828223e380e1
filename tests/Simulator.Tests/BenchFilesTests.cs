namespace StallSim.Simulator.Tests;

/// <summary>The scenario files bench/ measures with (docs/benchmarks.md) read as scenarios, and upstream's stress-test
/// scale with ten times its bursts is refused before it starts, with its estimate.</summary>
public class BenchFilesTests
{
    private static string Bench(string name) => Path.Combine(CliHarness.RepositoryRoot, "bench", name);

    [Theory]
    [InlineData("parked-million.yaml")]
    [InlineData("upstream-scale.yaml")]
    public void A_bench_scenario_validates(string file) => Assert.Equal(0, CliHarness.Run("validate", Bench(file)).Code);

    [Fact]
    public void Upstream_scale_with_ten_times_its_bursts_is_refused_before_it_starts()
    {
        var text = File.ReadAllText(Bench("upstream-scale.yaml"));
        var tenfold = text.Replace("factor: 6 }", "factor: 60 }").Replace("factor: 4 }", "factor: 40 }");
        Assert.NotEqual(text, tenfold);
        var outDir = CliHarness.TempDir();
        BadInputTests.AssertRejectedAs(
            "ten times the bursts",
            CliHarness.Run("run", CliHarness.TempYaml(tenfold), "--out", outDir),
            outDir,
            "about 9.03e6 goroutines alive at once",
            "--force"
        );
    }
}
