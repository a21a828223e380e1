using System.Globalization;
using System.Text.RegularExpressions;

namespace StallSim.Simulator.Tests;

/// <summary>The README's verdicts and margins are read from results/, not retyped: each figure it states is
/// found in the CSV that the regeneration wrote (scripts/regenerate-results.sh).</summary>
public class ReadmeResultsTests
{
    private static readonly string Root = CliHarness.RepositoryRoot;

    private static string Readme => File.ReadAllText(Path.Combine(Root, "README.md"));

    /// <summary>A CSV of results/ as rows of named fields (the files hold no quoted commas in these columns).</summary>
    private static List<Dictionary<string, string>> Csv(string relative)
    {
        var lines = File.ReadAllLines(Path.Combine(Root, relative));
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(l => Regex.Split(l, ",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)"))
            .Select(f => header.Select((h, i) => (h, v: i < f.Length ? f[i].Trim('"') : "")).ToDictionary(x => x.h, x => x.v))];
    }

    private static string Thousands(string number) =>
        double.Parse(number, CultureInfo.InvariantCulture).ToString("#,0.#", CultureInfo.InvariantCulture);

    [Fact]
    public void The_first_screens_verdict_table_is_seed_stalls_summary()
    {
        var rows = Csv("results/seed-stall/summary.csv");
        foreach (var (variant, label) in new[] { ("buggy", "buggy (release-23)"), ("fixed", "fixed (#20308)") })
        {
            var r = rows.Single(x => x["variant"] == variant);
            var recovery = r["recovery_s"].Length == 0 ? "–" : $"{Thousands(r["recovery_s"])} s";
            var drain = r["drain_s"].Length == 0 ? "–" : $"{Thousands(r["drain_s"])} s";
            var expected = $"| {label} | {r["verdict"]} | {recovery} | {drain} | {Thousands(r["final_goodput_per_s"])} | " +
                           $"{Thousands(r["expired_handoffs"])} | {Thousands(r["peak_waitlist"])} |";
            Assert.Contains(expected, Readme);
        }
    }

    [Fact]
    public void The_first_screens_margins_are_seed_stalls_margins()
    {
        var rows = Csv("results/seed-stall/margins.csv");
        string At(string variant, string axis, string column) => rows.Single(r => r["variant"] == variant && r["axis"] == axis)[column];
        // release-23: each boundary, both ends, as the README words them.
        Assert.Contains($"down to {At("buggy", "load", "boundary_high")}x this load (it recovers at {At("buggy", "load", "boundary_low")}x)", Readme);
        Assert.Contains($"down to an episode of {At("buggy", "episode", "boundary_high")} s (recovers at {At("buggy", "episode", "boundary_low")} s)", Readme);
        Assert.Contains($"down to a walk of {At("buggy", "walk", "boundary_high")} ns per element (recovers at {At("buggy", "walk", "boundary_low")} ns)", Readme);
        Assert.All(new[] { "load", "episode", "walk" }, a => Assert.Equal("recovered", At("buggy", a, "verdict_beyond")));
        // The fix: no change on any axis, to the ends the README names.
        Assert.Equal("no change up to 4x", At("fixed", "load", "note"));
        Assert.Equal("no change up to 80s", At("fixed", "episode", "note"));
        Assert.Equal("no change up to 300ns", At("fixed", "walk", "note"));
        Assert.Contains("The fix shows no change up to 4x this load, an 80 s episode, or a 300 ns walk.", Readme);
    }

    [Fact]
    public void The_shipped_scenarios_table_gives_the_verdicts_of_results()
    {
        var table = new Regex(@"^\| \[(?<name>[a-z-]+)\]\(results/\k<name>/report\.md\) \| [^|]+ \| (?<buggy>[a-z-]+)[^|]* \| (?<fixed>[a-z-]+)[^|]* \| (?<cold>[^|]+) \|$", RegexOptions.Multiline);
        var matches = table.Matches(Readme);
        Assert.True(matches.Count >= 9, $"{matches.Count} rows of the shipped scenarios table found");
        var coldRow = new Regex(@"^\| (?<variant>[a-z+-]+) \| (?<seed>\d+) \| (?<warm>[a-z-]+)[^|]* \| (?<cold>[a-z-]+)[^|]* \|$", RegexOptions.Multiline);
        foreach (Match m in matches)
        {
            var name = m.Groups["name"].Value;
            var rows = Csv($"results/{name}/summary.csv");
            foreach (var variant in new[] { "buggy", "fixed" })
                Assert.All(rows.Where(r => r["variant"] == variant), r => Assert.Equal(m.Groups[variant].Value, r["verdict"]));
            var report = File.ReadAllText(Path.Combine(Root, "results", name, "report.md"));
            var cold = m.Groups["cold"].Value.Trim();
            if (cold == "(its walk)")
            {
                Assert.DoesNotContain("## On both calibrated walks", report);
                continue;
            }
            var section = report[report.IndexOf("## On both calibrated walks", StringComparison.Ordinal)..];
            section = section[..section.IndexOf("\n## ", 5, StringComparison.Ordinal)];
            var said = cold.Split(", ");
            foreach (var (variant, verdict) in new[] { ("buggy", said[0]), ("fixed", said[1]) })
                Assert.All(coldRow.Matches(section).Where(r => r.Groups["variant"].Value == variant),
                    r => Assert.Equal(verdict, r.Groups["cold"].Value));
        }
    }

    [Theory]
    [InlineData("ablation")]
    [InlineData("metastable-map")]
    [InlineData("stall-threshold")]
    public void A_shipped_sweeps_results_are_of_the_sweep_as_it_stands(string name)
    {
        var sweep = Sweeps.SweepFile.Bind(Scenarios.YamlTree.Load(Path.Combine(Root, "scenarios", name + ".yaml")));
        Assert.Equal(sweep.Canonical, File.ReadAllText(Path.Combine(Root, "results", name, "sweep.yaml")));
    }
}
