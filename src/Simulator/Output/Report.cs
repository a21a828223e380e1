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

    private static string Wait(double seconds) =>
        seconds < 1
            ? (seconds * 1000).ToString("0.#", CultureInfo.InvariantCulture) + " ms"
            : seconds.ToString("#,0.#", CultureInfo.InvariantCulture) + " s";

    public static string Build(
        Scenario scenario,
        string scenarioYaml,
        IReadOnlyList<RunResult> results,
        CensusTable census,
        string reproduce,
        Action<StringBuilder>? margins = null
    )
    {
        var md = new StringBuilder();
        md.AppendLine($"# {scenario.Name}");
        md.AppendLine();
        if (scenario.Description.Length > 0)
            md.AppendLine($"> {scenario.Description.Trim()}").AppendLine();
        md.AppendLine(Describe(scenario)).AppendLine();
        if (ProfileLine.For([scenario]) is { Length: > 0 } profile)
            md.AppendLine(profile).AppendLine();
        md.AppendLine(WhatHappened.Sentence(results.Select(r => r.Summary).ToList())).AppendLine();

        md.AppendLine("## Verdicts").AppendLine();
        md.AppendLine(
                "Goodput: requests that got a connection before their deadline and finished their query in time. "
                    + $"A {Units.FormatDuration(scenario.Verdict.Hold)} window of goodput falls when it served fewer than "
                    + $"T − 3√T requests, T = {N(100 * scenario.Verdict.Threshold)}% of the baseline's. {BaselineSentence(scenario)} "
                    + "Drain: from then to the waitlist back within its baseline's longest, with a connection free; latency back: to the "
                    + "p99 latency within 2x the baseline's, for a whole window. A goodput recovery long before either is service that "
                    + "is late, not healthy."
                    + (
                        scenario.Verdict.LatencySlo > 0
                            ? $" A request served later than {Units.FormatDuration(scenario.Verdict.LatencySlo)} (verdict.latency_slo) "
                                + $"is not goodput."
                            : ""
                    )
            )
            .AppendLine();
        md.AppendLine(
            "| variant | seed | verdict | recovery | drain | latency back | baseline goodput/s | during trigger | final goodput/s | "
                + "final offered/s | wasted hand-offs | evictions | pool timeouts | peak waitlist | peak mutex waiters | "
                + "longest wait on wl.mu |"
        );
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var s in results.Select(r => r.Summary))
        {
            var recovery = s.RecoveryS is { } r ? $"{r:0.#} s" : "–";
            string After(double? v) => v is { } x ? $"{x:0.#} s" : "–";
            md.AppendLine(
                $"| {s.Variant} | {s.Seed} | **{CsvFiles.VerdictName(s.Verdict)}** | {recovery} | {After(s.DrainS)} | "
                    + $"{After(s.LatencyRecoveryS)} | {N(s.BaselineGoodputPerS)} | {N(s.TriggerGoodputPerS)} | "
                    + $"{N(s.FinalGoodputPerS)} | {N(s.FinalOfferedPerS)} | {N(s.WastedHandoffs)} | {N(s.Evictions)} | {N(s.Timeouts)} "
                    + $"| {N(s.PeakWaitlist)} | {N(s.PeakMutexWaiters)} | {Wait(s.LongestMutexWaitS)} |"
            );
        }
        foreach (var r in results.Select(r => r.Summary).Where(r => r.LongestMutexWaitS >= 60))
            md.AppendLine(
                $"- {r.Variant}, seed {r.Seed}: a goroutine waited {Wait(r.LongestMutexWaitS)} on wl.mu, which a goroutine dump tags "
                    + $"\", {(int)(r.LongestMutexWaitS / 60)} minutes\" (the seed's dump tagged none of its 18,264 goroutines on wl.mu)."
            );
        foreach (var r in results.Select(r => r.Summary).Where(r => r.VerdictReason is not null))
            md.AppendLine($"- {r.Variant}, seed {r.Seed}, {CsvFiles.VerdictName(r.Verdict)}: {r.VerdictReason}.");
        md.AppendLine().AppendLine("![goodput and offered load](goodput.png)").AppendLine();
        margins?.Invoke(md);
        OperatorTables.Append(md, results);

        md.AppendLine("## Where the goroutines are").AppendLine();
        md.AppendLine(
                "Goroutines per blocking site at the census instant (\"peak\": the sample with the most goroutines "
                    + "blocked on wl.mu), beside the production goroutine dump of vitessio/vitess#20310 (release-23.0 line numbers)."
            )
            .AppendLine();
        AppendCensus(md, census);
        foreach (var r in results.Where(r => !r.NoGoroutineOnMutex && r.Summary.Verdict is not Verdict.Metastable))
            md.AppendLine()
                .Append(
                    $"{r.Summary.Variant}, seed {r.Summary.Seed}, did not stay stalled ({CsvFiles.VerdictName(r.Summary.Verdict)}): "
                        + "its census is not a stall's, and is shown beside the production dump for contrast, not as a match."
                );
        foreach (var r in results.Where(r => r.NoGoroutineOnMutex))
            md.AppendLine()
                .Append(
                    $"{r.Summary.Variant}, seed {r.Summary.Seed}: no sample found a goroutine blocked on wl.mu, so it has no peak census."
                );
        md.AppendLine();
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
        var instants = w.Triggers.SelectMany(t => new[] { t.Start, t.End }).Append(s.Horizon).ToArray();
        var f = Units.FormatDurationsAlike(instants);
        string At(int i) => f[i];
        var triggers = w
            .Triggers.Select(
                (t, i) =>
                    t.Kind switch
                    {
                        TriggerKind.Restart => $"a restart at {At(2 * i)}",
                        TriggerKind.SlowDb => $"a slow database (query time ×{t.Factor:0.##}) from {At(2 * i)} to {At(2 * i + 1)}",
                        _ => $"a load spike (arrival rate ×{t.Factor:0.##}) from {At(2 * i)} to {At(2 * i + 1)}",
                    }
            )
            .ToList();
        var load =
            w.Replay.Count > 0
                ? $"new requests (Poisson) at the rate replayed from {w.ReplaySource} ({Words.Count(w.Replay.Count, "row")}; baseline "
                    + $"{Units.FormatRate(w.Rate)})"
            : w.Stages.Count > 0
                ? $"new requests (Poisson) in {Words.Count(w.Stages.Count, "stage")}: "
                    + string.Join(
                        ", ",
                        w.Stages.Select(st =>
                            $"{Units.FormatRate(st.Rate)} for {Units.FormatDuration(st.For)}{(st.RampToNext ? " ramping" : "")}"
                        )
                    )
                    + $", then {Units.FormatRate(w.Rate)}"
            : $"{Units.FormatRate(w.Rate)} new requests (Poisson)";
        var timeout = s.Pool.Timeout > 0 ? $", pool timeout {Units.FormatDuration(s.Pool.Timeout)}" : "";
        var r = w.Retries;
        var retries =
            r.Max == 0
                ? "no client retries"
                : $"{Words.Count(r.Max, "client retry", "client retries")} on {RetryReasons(r.On)}"
                    + (r.Budget is { } b ? $" within a budget of {b.Ratio:0.##} per request + {b.MinPerS:0.##}/s" : "");
        return $"Pool of {Words.Count(s.Pool.Capacity, "connection")}{timeout}; {load}, deadline {w.Deadline.Describe()}, "
            + $"query time {w.Service.Describe()}, {retries}; {(triggers.Count == 0 ? "no trigger" : string.Join("; ", triggers))}; "
            + $"{f[^1]} of virtual time.";
    }

    private static string RetryReasons(RetryOn on) =>
        string.Join(
            " or ",
            new[] { (RetryOn.Deadline, "deadline"), (RetryOn.PoolTimeout, "pool timeout"), (RetryOn.Error, "error") }
                .Where(x => on.HasFlag(x.Item1))
                .Select(x => x.Item2)
                .DefaultIfEmpty("nothing")
        );

    /// <summary>Which stretch of the run the baseline is, and why.</summary>
    private static string BaselineSentence(Scenario s)
    {
        var load = new LoadProfile(s.Workload);
        var horizon = s.Horizon;
        if (load.Trouble is not { } trouble)
        {
            var t = Units.FormatDurationsAlike(horizon / 3, 2 * horizon / 3);
            return $"The baseline is the mean goodput from {t[0]} to {t[1]}, the middle third of the run: there is no trigger, so a "
                + $"fall reads as degraded.";
        }
        var firstTrigger = s.Workload.Triggers.Where(x => x.IsTrouble).Select(x => x.Start).DefaultIfEmpty(long.MaxValue).Min();
        var why =
            firstTrigger == trouble.Start
                ? "before the first trigger"
                : $"before the load first rises above {Units.FormatRate(s.Workload.Rate)}";
        var w = Units.FormatDurationsAlike(trouble.Start / 3, trouble.Start, Math.Min(trouble.End, horizon));
        return $"The baseline is the mean goodput from {w[0]} to {w[1]}, {why}; recovery counts from {w[2]}, when the last trouble ends.";
    }

    private static void AppendCensus(StringBuilder md, CensusTable table)
    {
        md.Append("| site |");
        foreach (var c in table.Columns)
            md.Append($" {c.Label} |");
        md.AppendLine();
        md.Append("|---|").Append(string.Concat(table.Columns.Select(_ => "---|"))).AppendLine();
        foreach (var site in table.Sites)
        {
            md.Append($"| {site.Name} |");
            foreach (var c in table.Columns)
                md.Append($" {Cell(c.At(site), c.Total)} |");
            md.AppendLine();
        }
        md.Append("| **all goroutines** |");
        foreach (var c in table.Columns)
            md.Append($" {c.Total:N0} |");
        md.AppendLine();
    }

    private static string Cell(int count, int total) =>
        count == 0 ? "0" : $"{count.ToString("N0", CultureInfo.InvariantCulture)} ({100.0 * count / total:0.#}%)";
}
