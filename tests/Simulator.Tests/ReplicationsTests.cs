using System.Globalization;

namespace StallSim.Simulator.Tests;

/// <summary>replications.csv's intervals, computed again here from the per-seed rows of summary.csv with
/// Student's t for 4 degrees of freedom from a table (t(0.975, 4) = 2.776445).</summary>
[Collection("cli")]
public class ReplicationsTests
{
    private const double T975With4Df = 2.7764451052;

    private static List<Dictionary<string, string>> Rows(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        // The columns read here come before any quoted text field.
        return [.. lines.Skip(1).Select(l => l.Split(',')).Select(f => header.Zip(f).ToDictionary(x => x.First, x => x.Second))];
    }

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void Five_seeds_give_the_student_t_interval_of_each_figure()
    {
        var outDir = CliHarness.TempDir();
        var outcome = CliHarness.Run("run", CliHarness.TempYaml(CliHarness.Small), "--seeds", "5", "--out", outDir, "--quiet");
        Assert.True(outcome.Code == 0, outcome.Err);
        var summary = Rows(Path.Combine(outDir, "summary.csv"));
        var replications = Rows(Path.Combine(outDir, "replications.csv"));
        Assert.Equal(["1", "2", "3", "4", "5"], summary.Where(r => r["variant"] == "buggy").Select(r => r["seed"]));
        foreach (var variant in new[] { "buggy", "fixed" })
        {
            var seeds = summary.Where(r => r["variant"] == variant).ToList();
            var row = replications.Single(r => r["variant"] == variant);
            Assert.Equal("5", row["n"]);
            Assert.Equal(5, new[] { "stable", "recovered", "degraded", "metastable", "no_baseline" }.Sum(v => int.Parse(row[v], CultureInfo.InvariantCulture)));
            Assert.Equal(seeds.Count(s => s["verdict"] == "recovered").ToString(CultureInfo.InvariantCulture), row["recovered"]);
            foreach (var figure in new[] { "final_goodput_per_s", "trigger_goodput_per_s", "expired_handoffs" })
            {
                var values = seeds.Select(s => D(s[figure])).ToList();
                var mean = values.Sum() / values.Count;
                var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
                var half = T975With4Df * sd / Math.Sqrt(values.Count);
                Assert.Equal("5", row[$"{figure}_n"]);
                Assert.Equal(mean, D(row[$"{figure}_mean"]), 0.002);
                Assert.Equal(mean - half, D(row[$"{figure}_ci95_low"]), 0.002);
                Assert.Equal(mean + half, D(row[$"{figure}_ci95_high"]), 0.002);
            }
        }
        // The seeds differ, so the interval of final goodput has a width: the figures are not one seed's.
        var buggy = replications.Single(r => r["variant"] == "buggy");
        Assert.True(D(buggy["final_goodput_per_s_ci95_high"]) > D(buggy["final_goodput_per_s_ci95_low"]));
        Assert.Contains("## Replications", File.ReadAllText(Path.Combine(outDir, "report.md")));
    }
}
