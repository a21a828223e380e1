using System.Globalization;
using CsvHelper;
using StallSim.PoolModel.Observe;

namespace StallSim.Simulator.Output;

/// <summary>
/// summary.csv's columns (docs/outputs.md#summarycsv), each written and read back in one place: a sweep's
/// points.csv, its journal and its shards carry the same columns, and merge reads what a run wrote.
/// </summary>
public static class SummaryCsv
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private sealed record Column(string Name, Func<RunSummary, string> Write);

    private static string N(double v) => CsvFiles.Num(v);

    private static string N(double? v) => CsvFiles.Num(v);

    private static string L(long v) => v.ToString(Inv);

    private static readonly string[] PhaseNames = ["before", "during", "after"];

    private static IEnumerable<Column> PhaseColumns() =>
        from p in Enum.GetValues<Phase>()
        from c in new (string Name, Func<PhaseStats, double?> Get)[]
        {
            ("wait_p50_ms", x => x.WaitP50Ms),
            ("wait_p99_ms", x => x.WaitP99Ms),
            ("wait_p999_ms", x => x.WaitP999Ms),
            ("latency_p50_ms", x => x.LatencyP50Ms),
            ("latency_p99_ms", x => x.LatencyP99Ms),
            ("latency_p999_ms", x => x.LatencyP999Ms),
        }
        select new Column($"{c.Name}_{PhaseNames[(int)p]}", s => N(c.Get(s.Phases[(int)p])));

    private static readonly Column[] Columns =
    [
        new("scenario", s => s.Scenario),
        new("variant", s => s.Variant),
        new("seed", s => s.Seed.ToString(Inv)),
        new("baseline_goodput_per_s", s => N(s.BaselineGoodputPerS)),
        new("trigger_goodput_per_s", s => N(s.TriggerGoodputPerS)),
        new("final_goodput_per_s", s => N(s.FinalGoodputPerS)),
        new("final_offered_per_s", s => N(s.FinalOfferedPerS)),
        new("verdict", s => CsvFiles.VerdictName(s.Verdict)),
        new("recovery_s", s => N(s.RecoveryS)),
        new("drain_s", s => N(s.DrainS)),
        new("latency_recovery_s", s => N(s.LatencyRecoveryS)),
        new("wasted_handoffs", s => L(s.WastedHandoffs)),
        new("evictions", s => L(s.Evictions)),
        new("timeouts", s => L(s.Timeouts)),
        new("peak_waitlist", s => L(s.PeakWaitlist)),
        new("peak_mutex_waiters", s => L(s.PeakMutexWaiters)),
        new("longest_mutex_wait_s", s => N(s.LongestMutexWaitS)),
        new("events", s => L(s.Events)),
        new("wall_s", s => s.WallS is { } w ? w.ToString("0.###", Inv) : ""),
        new("verdict_reason", s => s.VerdictReason ?? ""),
        new("wait_count", s => L(s.Counts.WaitCount)),
        new("wait_time_mean_ms", s => N(s.Counts.WaitTimeMeanMs)),
        new("resource_exhausted", s => L(s.Counts.ResourceExhausted)),
        new("expired_handoffs", s => L(s.Counts.ExpiredHandoffs)),
        new("waiters_evicted", s => L(s.Counts.WaitersEvicted)),
        new("acquisitions", s => L(s.Counts.Acquisitions)),
        new("throughput", s => L(s.Counts.Throughput)),
        new("goodput", s => L(s.Counts.Goodput)),
        new("retries", s => L(s.Retries)),
        new("retries_denied", s => L(s.RetriesDenied)),
        .. PhaseColumns(),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. Columns.Select(c => c.Name)];

    /// <summary>One run's fields in column order; <c>wall_s</c> stays empty unless <paramref name="withWallTime"/>.</summary>
    public static IEnumerable<string> Fields(RunSummary s, bool withWallTime) =>
        Columns.Select(c => c.Name == "wall_s" && !withWallTime ? "" : c.Write(s));

    /// <summary>A run read back from its fields (in column order), every value checked: a field that is not what
    /// its column holds (a number that is not one, NaN, infinity, an unknown verdict) throws a
    /// <see cref="FormatException"/> naming the column and the value.</summary>
    public static RunSummary Parse(IReadOnlyList<string> f)
    {
        var at = Names.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i);
        string S(string name) => f[at[name]];
        FormatException Bad(string name, string expected) => new($"column {name}: '{S(name)}' is not {expected}");
        double D(string name) =>
            double.TryParse(S(name), System.Globalization.NumberStyles.Float, Inv, out var v) && double.IsFinite(v)
                ? v
                : throw Bad(name, "a finite number");
        double? Dn(string name) => S(name).Length == 0 ? null : D(name);
        long L(string name) =>
            long.TryParse(S(name), System.Globalization.NumberStyles.AllowLeadingSign, Inv, out var v)
                ? v
                : throw Bad(name, "a whole number");
        PhaseStats Phase(Phase p)
        {
            var n = PhaseNames[(int)p];
            return new PhaseStats(
                p,
                Dn($"wait_p50_ms_{n}"),
                Dn($"wait_p99_ms_{n}"),
                Dn($"wait_p999_ms_{n}"),
                Dn($"latency_p50_ms_{n}"),
                Dn($"latency_p99_ms_{n}"),
                Dn($"latency_p999_ms_{n}")
            );
        }
        if (!CsvFiles.TryParseVerdict(S("verdict"), out var verdict))
            throw Bad("verdict", $"a verdict ({string.Join(", ", CsvFiles.AllVerdictNames)})");
        if (!ulong.TryParse(S("seed"), System.Globalization.NumberStyles.None, Inv, out var seed))
            throw Bad("seed", "a seed (a whole number)");
        return new RunSummary(
            S("scenario"),
            S("variant"),
            seed,
            D("baseline_goodput_per_s"),
            D("trigger_goodput_per_s"),
            D("final_goodput_per_s"),
            D("final_offered_per_s"),
            0,
            verdict,
            Dn("recovery_s"),
            L("wasted_handoffs"),
            L("evictions"),
            L("timeouts"),
            (int)L("peak_waitlist"),
            (int)L("peak_mutex_waiters"),
            L("events"),
            Dn("wall_s"),
            S("verdict_reason").Length == 0 ? null : S("verdict_reason"),
            CsvFiles.ReadCounts(L, Dn),
            L("retries"),
            L("retries_denied"),
            [.. Enum.GetValues<Phase>().Select(Phase)],
            Dn("drain_s"),
            Dn("latency_recovery_s"),
            D("longest_mutex_wait_s")
        );
    }

    /// <summary>summary.csv's CsvHelper map: the column table above, as CsvHelper writes a record
    /// (<c>wall_s</c> empty unless <paramref name="withWallTime"/>).</summary>
    public sealed class Writer(bool withWallTime) : CsvRecordWriter<RunSummary>
    {
        public override int FieldCount => Columns.Length;

        public override void WriteHeader(CsvWriter writer)
        {
            foreach (var c in Columns)
                WriteColumnName(writer, c.Name);
        }

        public override void Write(CsvWriter writer, RunSummary record)
        {
            foreach (var field in Fields(record, withWallTime))
                writer.WriteField(field);
        }
    }

    /// <summary>The same map read back: each column found by name in the file's header (points.csv has the swept keys
    /// before them), every value checked by <see cref="Parse"/>.</summary>
    public sealed class Mapper : CsvRecordMapper<RunSummary>
    {
        private readonly int[] _at;

        public Mapper(CsvReader reader)
        {
            _at = [.. Names.Select(n => Column(reader, n, -1, false, n))];
            ThrowIfColumnsMissing(reader);
        }

        public override RunSummary Read(CsvReader reader) => Parse([.. _at.Select(i => reader.GetString(i) ?? "")]);
    }
}
