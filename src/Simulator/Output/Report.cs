using System.Globalization;
using System.Text;
using StallSim.Engine;
using StallSim.PoolModel;
using StallSim.PoolModel.Observe;
using StallSim.PoolModel.Workload;

namespace StallSim.Simulator.Output;

/// <summary>report.md: readable on GitHub with no tool. The verdicts, the plots, the census beside the seed's
/// dump, and the exact scenario that produced them.</summary>
public static class Report
{
    private static string N(double v) => v.ToString("#,0.#", CultureInfo.InvariantCulture);

    public static string Build(Scenario scenario, string scenarioYaml, IReadOnlyList<RunResult> results, CensusTable census, string reproduce)
    {
        var md = new StringBuilder();
        md.AppendLine($"# {scenario.Name}");
        md.AppendLine();
        if (scenario.Description.Length > 0) md.AppendLine($"> {scenario.Description.Trim()}").AppendLine();
        md.AppendLine(Describe(scenario)).AppendLine();

        md.AppendLine("## Verdicts").AppendLine();
        md.AppendLine("Goodput: requests that got a connection before their deadline and finished their query in time. " +
                      $"Verdicts judge {Units.FormatDuration(scenario.Verdict.Hold)} means of goodput against " +
                      $"{N(100 * scenario.Verdict.Threshold)}% of the pre-trigger baseline.").AppendLine();
        md.AppendLine("| variant | seed | verdict | recovery | baseline goodput/s | during trigger | final goodput/s | final offered/s | wasted hand-offs | evictions | pool timeouts | peak waitlist | peak mutex waiters |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var s in results.Select(r => r.Summary))
        {
            var recovery = s.RecoveryS is { } r ? $"{r:0.#} s" : "–";
            md.AppendLine($"| {s.Variant} | {s.Seed} | **{CsvFiles.VerdictName(s.Verdict)}** | {recovery} | {N(s.BaselineGoodputPerS)} | {N(s.TriggerGoodputPerS)} | " +
                          $"{N(s.FinalGoodputPerS)} | {N(s.FinalOfferedPerS)} | {N(s.WastedHandoffs)} | {N(s.Evictions)} | {N(s.Timeouts)} | {N(s.PeakWaitlist)} | {N(s.PeakMutexWaiters)} |");
        }
        md.AppendLine().AppendLine("![goodput and offered load](goodput.png)").AppendLine();

        md.AppendLine("## Where the goroutines are").AppendLine();
        md.AppendLine("Goroutines per blocking site at the census instant (\"peak\": the sample with the most goroutines " +
                      "blocked on wl.mu), beside the production goroutine dump of vitessio/vitess#20310 (release-23.0 line numbers).").AppendLine();
        AppendCensus(md, census);
        md.AppendLine().AppendLine("![goroutine census](census.png)").AppendLine();

        md.AppendLine("## Pool and waitlist state").AppendLine();
        md.AppendLine("![waitlist, mutex and connections](state.png)").AppendLine();

        md.AppendLine("## Variants").AppendLine();
        foreach (var name in scenario.Variants)
            md.AppendLine($"- **{name}**: {scenario.ResolveVariant(name).Describe()}");
        md.AppendLine();
        md.AppendLine("## Scenario").AppendLine();
        md.AppendLine("```yaml").Append(scenarioYaml.TrimEnd()).AppendLine().AppendLine("```").AppendLine();
        md.AppendLine("Reproduce (byte-identical CSV files):").AppendLine();
        md.AppendLine("```sh").AppendLine(reproduce).AppendLine("```");
        return md.ToString();
    }

    private static string Describe(Scenario s)
    {
        var w = s.Workload;
        // The instants of one sentence in one unit: "from 60s to 80s; 300s", never "from 1m to 80s".
        var t = Units.FormatDurationsAlike(w.Trigger.Start, w.Trigger.End, w.RestartAt ?? 0, s.Horizon);
        var trigger = w.Trigger.Kind == TriggerKind.None
            ? "no trigger"
            : $"a {(w.Trigger.Kind == TriggerKind.SlowDb ? "slow database (query time" : "load spike (arrival rate")} ×{w.Trigger.Factor:0.##}) from {t[0]} to {t[1]}";
        var restart = w.RestartAt is not null ? $", a restart at {t[2]}" : "";
        return $"Pool of {Words.Count(s.Pool.Capacity, "connection")}; {Units.FormatRate(w.Rate)} new requests (Poisson), deadline {w.Deadline.Describe()}, " +
               $"query time {w.Service.Describe()}, {Words.Count(w.Retries.Max, "client retry", "client retries")}; {trigger}{restart}; {t[3]} of virtual time.";
    }

    private static void AppendCensus(StringBuilder md, CensusTable table)
    {
        md.Append("| site |");
        foreach (var c in table.Columns) md.Append($" {c.Label} |");
        md.AppendLine();
        md.Append("|---|").Append(string.Concat(table.Columns.Select(_ => "---|"))).AppendLine();
        foreach (var site in table.Sites)
        {
            md.Append($"| {site.Name} |");
            foreach (var c in table.Columns) md.Append($" {Cell(c.At(site), c.Total)} |");
            md.AppendLine();
        }
        md.Append("| **all goroutines** |");
        foreach (var c in table.Columns) md.Append($" {c.Total:N0} |");
        md.AppendLine();
    }

    private static string Cell(int count, int total) =>
        count == 0 ? "0" : $"{count.ToString("N0", CultureInfo.InvariantCulture)} ({100.0 * count / total:0.#}%)";
}
