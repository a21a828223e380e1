using System.Globalization;
using System.Text;
using StallSim.PoolModel.Observe;

namespace StallSim.Simulator.Output;

/// <summary>The report's tables in an operator's terms: the pool metrics vttablet exports, and latency
/// percentiles per phase of the run.</summary>
public static class OperatorTables
{
    private static string N(double v) => v.ToString("#,0.#", CultureInfo.InvariantCulture);

    private static string Ms(double? v) => v is { } x ? x.ToString(x < 10 ? "0.###" : "#,0.#", CultureInfo.InvariantCulture) : "–";

    public static void Append(StringBuilder md, IReadOnlyList<RunResult> results)
    {
        md.AppendLine("## What the dashboards show").AppendLine();
        md.AppendLine("Totals over the run, named as vttablet exports them (docs/outputs.md#summarycsv).").AppendLine();
        md.AppendLine(
            "| variant | seed | acquisitions | wait_count | wait_time_mean_ms | resource_exhausted | expired_handoffs | waiters_evicted "
                + "| throughput | goodput | retries | retries denied |"
        );
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var s in results.Select(r => r.Summary))
        {
            var c = s.Counts;
            md.AppendLine(
                $"| {s.Variant} | {s.Seed} | {N(c.Acquisitions)} | {N(c.WaitCount)} | {Ms(c.WaitTimeMeanMs)} | {N(c.ResourceExhausted)} | "
                    + $"{N(c.ExpiredHandoffs)} | {N(c.WaitersEvicted)} | {N(c.Throughput)} | {N(c.Goodput)} | {N(s.Retries)} | "
                    + $"{N(s.RetriesDenied)} |"
            );
        }
        md.AppendLine();
        md.AppendLine(
                "Percentiles (ms) of the wait for a connection (successful Gets) and of the latency of served requests, "
                    + "before, during and after the trouble (HdrHistogram, 2 significant digits)."
            )
            .AppendLine();
        md.AppendLine("| variant | seed | phase | wait p50 | wait p99 | wait p99.9 | latency p50 | latency p99 | latency p99.9 |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var s in results.Select(r => r.Summary))
        foreach (var p in s.Phases.Where(p => p.WaitP50Ms is not null || p.LatencyP50Ms is not null))
            md.AppendLine(
                $"| {s.Variant} | {s.Seed} | {p.Phase.ToString().ToLowerInvariant()} | {Ms(p.WaitP50Ms)} | {Ms(p.WaitP99Ms)} | "
                    + $"{Ms(p.WaitP999Ms)} | "
                    + $"{Ms(p.LatencyP50Ms)} | {Ms(p.LatencyP99Ms)} | {Ms(p.LatencyP999Ms)} |"
            );
        md.AppendLine().AppendLine("![latency per phase](latency.png)").AppendLine();
    }
}
