using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using StallSim.Simulator.Output;

namespace StallSim.Simulator.Tests;

/// <summary>
/// The README's figures are generated from results/, never retyped: each block between
/// <c>&lt;!-- results:NAME --&gt;</c> and <c>&lt;!-- /results --&gt;</c> is what the generator below writes from the CSVs and
/// reports of the last regeneration. This test fails when a block differs; with STALLSIM_REFRESH_DOCS=1 it rewrites the
/// blocks instead (scripts/regenerate-results.sh does, after regenerating results/).
/// </summary>
public class ReadmeBlocksTests
{
    private static readonly string Root = CliHarness.RepositoryRoot;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly Regex Block = new(@"<!-- results:(?<name>[a-z-]+) -->\n(?<body>.*?)<!-- /results -->", RegexOptions.Singleline);

    private static CsvTable Csv(string relative) => CsvFiles.Read(Path.Combine(Root, relative), 1L << 30, relative);

    private static IEnumerable<Func<string, string>> Rows(string relative)
    {
        var t = Csv(relative);
        return t.Rows.Select(r => (Func<string, string>)(c => r[t.Column(c)]));
    }

    private static string N(string number) =>
        double.Parse(number, Inv).ToString("#,0.#", Inv);

    private static string Pct(string share) => (100 * double.Parse(share, Inv)).ToString("0", Inv) + "%";

    /// <summary>Each block's text, from results/.</summary>
    public static IReadOnlyDictionary<string, Func<string>> Generators { get; } = new Dictionary<string, Func<string>>
    {
        ["seed-stall-verdicts"] = SeedStallVerdicts,
        ["seed-stall-margins"] = SeedStallMargins,
        ["twin-agreement"] = TwinAgreement,
        ["mitigations-ranking"] = MitigationsRanking,
        ["calibrations"] = Calibrations,
    };

    /// <summary>seed-stall's release-23 on each profile of this machine (results/calibrations, a sweep over them).</summary>
    private static string Calibrations()
    {
        var text = new StringBuilder("| profile | release-23 | peak on wl.mu | longest wait on wl.mu | the fix |\n|---|---|---|---|---|\n");
        var rows = Rows("results/calibrations/points.csv").ToList();
        foreach (var buggy in rows.Where(r => r("variant") == "buggy"))
        {
            var profile = buggy("go.costs.profile");
            var fix = rows.Single(r => r("variant") == "fixed" && r("go.costs.profile") == profile);
            text.Append($"| `{profile}` | {buggy("verdict")} | {N(buggy("peak_mutex_waiters"))} | ")
                .Append($"{double.Parse(buggy("longest_mutex_wait_s"), Inv).ToString("0.#", Inv)} s | {fix("verdict")} |\n");
        }
        return text.ToString();
    }

    private static string SeedStallVerdicts()
    {
        var text = new StringBuilder("| variant | verdict | recovery | drain | final goodput/s | expired hand-offs | peak waitlist |\n");
        text.Append("|---|---|---|---|---|---|---|\n");
        foreach (var r in Rows("results/seed-stall/summary.csv"))
        {
            var label = r("variant") switch { "buggy" => "buggy (release-23)", "fixed" => "fixed (#20308)", var v => v };
            string S(string c) => r(c).Length == 0 ? "–" : $"{N(r(c))} s";
            text.Append($"| {label} | {r("verdict")} | {S("recovery_s")} | {S("drain_s")} | {N(r("final_goodput_per_s"))} | ")
                .Append($"{N(r("expired_handoffs"))} | {N(r("peak_waitlist"))} |\n");
        }
        return text.ToString();
    }

    private static string SeedStallMargins()
    {
        var rows = Rows("results/seed-stall/margins.csv").ToList();
        var units = new Dictionary<string, (string Before, string After, string Unit)>
        {
            ["load"] = ("", "x this load", "x"), ["episode"] = ("an episode of ", " s", " s"), ["walk"] = ("a walk of ", " ns per element", " ns"),
        };
        var text = new StringBuilder();
        foreach (var variant in rows.Select(r => r("variant")).Distinct())
        {
            var label = variant switch { "buggy" => "Release-23", "fixed" => "The fix", var v => v };
            var parts = rows.Where(r => r("variant") == variant).Select(r =>
            {
                var (before, after, unit) = units.GetValueOrDefault(r("axis"), ("", " " + r("unit"), " " + r("unit")));
                var (near, far) = r("direction") == "down" ? (r("boundary_high"), r("boundary_low")) : (r("boundary_low"), r("boundary_high"));
                return near.Length == 0
                    ? $"{r("axis")}: {r("note")}"
                    : $"{r("axis")}: {r("verdict")} {r("direction")} to {before}{near}{after} ({r("verdict_beyond")} at {far}{unit})";
            });
            text.Append($"- {label} ({rows.First(r => r("variant") == variant)("verdict")} here): {string.Join("; ", parts)}.\n");
        }
        return text.ToString();
    }

    private static string TwinAgreement()
    {
        var text = new StringBuilder("| comparison | verdicts agree | figures within their criterion | figures outside it |\n|---|---|---|---|\n");
        foreach (var dir in new[] { "staged-overload/twin", "staged-overload/twin-walk", "seed-stall-twin/twin", "seed-stall-twin/twin-cold" })
        {
            var report = File.ReadAllText(Path.Combine(Root, "results", dir, "twin-report.md"));
            var verdicts = Regex.Matches(report, @"^\| [a-z+-]+ \| \d+ \| [a-z-]+ \| [a-z-]+ \| (yes|no) \|$", RegexOptions.Multiline);
            var judged = Rows($"results/{dir}/twin-compare.csv").Where(r => r("holds").Length > 0).ToList();
            var outside = judged.Where(r => r("holds") != "yes")
                .GroupBy(r => (r("variant"), r("metric")))
                .Select(g => $"{g.Key.Item1} {g.Key.Item2.Replace('_', ' ')} ({g.Count()})");
            text.Append($"| [{dir}](results/{dir}/twin-report.md) | {verdicts.Count(m => m.Groups[1].Value == "yes")} of {verdicts.Count} | ")
                .Append($"{judged.Count(r => r("holds") == "yes")} of {judged.Count} | {string.Join(", ", outside)} |\n");
        }
        return text.ToString();
    }

    private static string MitigationsRanking()
    {
        var text = new StringBuilder("| rank | design | safe | goodput during (of baseline) | p99 latency during | failed per run |\n|---|---|---|---|---|---|\n");
        foreach (var r in Rows("results/mitigations/compare.csv"))
            text.Append($"| {r("rank")} | {r("variant")} | {Pct(r("safe_share"))} | {Pct(r("goodput_during_vs_baseline"))} | ")
                .Append($"{N(r("latency_p99_ms_during"))} ms | {N(r("failed_per_run"))} |\n");
        return text.ToString();
    }

    [Fact]
    public void Every_generated_block_of_the_readme_is_what_results_give()
    {
        var path = Path.Combine(Root, "README.md");
        var readme = File.ReadAllText(path);
        var found = Block.Matches(readme).Select(m => m.Groups["name"].Value).ToList();
        Assert.Equal(Generators.Keys.Order(), found.Order());
        var fresh = Block.Replace(readme, m => $"<!-- results:{m.Groups["name"].Value} -->\n{Generators[m.Groups["name"].Value]()}<!-- /results -->");
        if (Environment.GetEnvironmentVariable("STALLSIM_REFRESH_DOCS") == "1")
            File.WriteAllText(path, fresh);
        else
            Assert.Equal(fresh, readme);
    }
}
