using System.Globalization;
using CsvHelper;
using StallSim.PoolModel.Observe;

namespace StallSim.Simulator.Output;

/// <summary>The machine-readable outputs (docs/outputs.md). Column names are a contract: keep them stable.
/// Numbers are printed with fixed, culture-free formats so that the same run gives the same bytes.</summary>
public static class CsvFiles
{
    public static readonly string[] SummaryColumns =
    [
        "scenario", "variant", "seed", "baseline_goodput_per_s", "trigger_goodput_per_s", "final_goodput_per_s",
        "final_offered_per_s", "verdict", "recovery_s", "wasted_handoffs", "evictions", "timeouts", "peak_waitlist",
        "peak_mutex_waiters", "events", "wall_s",
    ];

    public static readonly string[] TimeseriesColumns =
    [
        "variant", "seed", "t_s", "offered_per_s", "goodput_per_s", "timeouts_per_s", "wasted_handoffs_per_s",
        "evictions_per_s", "in_use", "active", "idle", "returning", "waitlist_len", "mutex_waiters", "mutex_starving",
        "p50_ms", "p99_ms",
    ];

    public static readonly string[] CensusColumns = ["variant", "seed", "t_s", "site", "goroutines"];

    internal static string Num(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    internal static string Num(double? v) => v is { } x ? Num(x) : "";

    public static string VerdictName(Verdict v) => v.ToString().ToLowerInvariant();

    /// <summary>The summary columns of one run, in <see cref="SummaryColumns"/> order.</summary>
    public static IEnumerable<string> SummaryFields(RunSummary s, bool withWallTime) =>
    [
        s.Scenario, s.Variant, s.Seed.ToString(CultureInfo.InvariantCulture), Num(s.BaselineGoodputPerS),
        Num(s.TriggerGoodputPerS), Num(s.FinalGoodputPerS), Num(s.FinalOfferedPerS), VerdictName(s.Verdict),
        Num(s.RecoveryS), s.WastedHandoffs.ToString(CultureInfo.InvariantCulture), s.Evictions.ToString(CultureInfo.InvariantCulture),
        s.Timeouts.ToString(CultureInfo.InvariantCulture), s.PeakWaitlist.ToString(CultureInfo.InvariantCulture),
        s.PeakMutexWaiters.ToString(CultureInfo.InvariantCulture), s.Events.ToString(CultureInfo.InvariantCulture),
        withWallTime && s.WallS is { } w ? w.ToString("0.###", CultureInfo.InvariantCulture) : "",
    ];

    public static void WriteRows(string path, IReadOnlyList<string> header, IEnumerable<IEnumerable<string>> rows)
    {
        using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false));
        using var csv = CsvWriter.Create(writer, CsvWriterOptions.Default, leaveOpen: false);
        foreach (var h in header) csv.WriteField(h);
        csv.EndRecord();
        foreach (var row in rows)
        {
            foreach (var field in row) csv.WriteField(field);
            csv.EndRecord();
        }
    }

    public static void WriteSummary(string path, IEnumerable<RunResult> results, bool withWallTime) =>
        WriteRows(path, SummaryColumns, results.Select(r => SummaryFields(r.Summary, withWallTime)));

    public static void WriteTimeseries(string path, IEnumerable<RunResult> results) =>
        WriteRows(path, TimeseriesColumns, results.SelectMany(r => r.Samples.Select(s => (IEnumerable<string>)
        [
            r.Summary.Variant, r.Summary.Seed.ToString(CultureInfo.InvariantCulture), Num(s.TimeS), Num(s.OfferedPerS),
            Num(s.GoodputPerS), Num(s.TimeoutsPerS), Num(s.WastedHandoffsPerS), Num(s.EvictionsPerS),
            s.InUse.ToString(CultureInfo.InvariantCulture), s.Active.ToString(CultureInfo.InvariantCulture),
            s.Idle.ToString(CultureInfo.InvariantCulture), s.Returning.ToString(CultureInfo.InvariantCulture),
            s.WaitlistLength.ToString(CultureInfo.InvariantCulture), s.MutexWaiters.ToString(CultureInfo.InvariantCulture),
            s.MutexStarving ? "1" : "0", Num(s.P50Ms), Num(s.P99Ms),
        ])));

    public static void WriteCensus(string path, IEnumerable<RunResult> results) =>
        WriteRows(path, CensusColumns, results.SelectMany(r => r.Census.SelectMany(c => c.Sites.Select(site => (IEnumerable<string>)
        [
            r.Summary.Variant, r.Summary.Seed.ToString(CultureInfo.InvariantCulture), Num(c.TimeS), site.Site.Name,
            site.Goroutines.ToString(CultureInfo.InvariantCulture),
        ]))));
}
