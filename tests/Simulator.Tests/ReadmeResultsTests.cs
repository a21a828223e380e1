using System.Globalization;
using System.Text.RegularExpressions;

namespace StallSim.Simulator.Tests;

/// <summary>The README's table of shipped scenarios states the verdicts that results/ holds (its generated blocks are
/// ReadmeBlocksTests').</summary>
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
    [InlineData("calibrations")]
    public void A_shipped_sweeps_results_are_of_the_sweep_as_it_stands(string name)
    {
        var sweep = Sweeps.SweepFile.Bind(Scenarios.YamlTree.Load(Path.Combine(Root, "scenarios", name + ".yaml")));
        Assert.Equal(sweep.Canonical, File.ReadAllText(Path.Combine(Root, "results", name, "sweep.yaml")));
    }
}
