using CsvHelper;
using StallSim.PoolModel.Observe;

namespace StallSim.Simulator.Output;

/// <summary>
/// A row of timeseries.csv (docs/outputs.md#timeseriescsv), one per sample of a run: the one table of its columns.
/// CsvHelper's generated map writes and reads them by name; report.html draws the table the file holds, and the
/// twin's sampler writes the same names (TwinColumnsTests holds the two sides together).
/// </summary>
[CsvRecord]
public sealed partial record TimeseriesRow
{
    [CsvColumn("variant")]
    public string Variant { get; set; } = "";

    [CsvColumn("seed")]
    public ulong Seed { get; set; }

    [CsvColumn("t_s"), CsvConverter(typeof(CsvNumber))]
    public double TimeS { get; set; }

    [CsvColumn("offered_per_s"), CsvConverter(typeof(CsvNumber))]
    public double OfferedPerS { get; set; }

    [CsvColumn("goodput_per_s"), CsvConverter(typeof(CsvNumber))]
    public double GoodputPerS { get; set; }

    [CsvColumn("timeouts_per_s"), CsvConverter(typeof(CsvNumber))]
    public double TimeoutsPerS { get; set; }

    [CsvColumn("wasted_handoffs_per_s"), CsvConverter(typeof(CsvNumber))]
    public double WastedHandoffsPerS { get; set; }

    [CsvColumn("evictions_per_s"), CsvConverter(typeof(CsvNumber))]
    public double EvictionsPerS { get; set; }

    [CsvColumn("in_use")]
    public int InUse { get; set; }

    [CsvColumn("active")]
    public int Active { get; set; }

    [CsvColumn("idle")]
    public int Idle { get; set; }

    [CsvColumn("returning")]
    public int Returning { get; set; }

    [CsvColumn("waitlist_len")]
    public int WaitlistLen { get; set; }

    [CsvColumn("mutex_waiters")]
    public int MutexWaiters { get; set; }

    [CsvColumn("mutex_starving"), CsvBooleanValues("1", "0")]
    public bool MutexStarving { get; set; }

    [CsvColumn("p50_ms"), CsvConverter(typeof(CsvNumber))]
    public double? P50Ms { get; set; }

    [CsvColumn("p99_ms"), CsvConverter(typeof(CsvNumber))]
    public double? P99Ms { get; set; }

    // vttablet's names for the pool's gauges and counters (Counts).
    [CsvColumn("capacity")]
    public int Capacity { get; set; }

    [CsvColumn("available")]
    public int Available { get; set; }

    [CsvColumn("waiters")]
    public int Waiters { get; set; }

    [CsvColumn("wait_count")]
    public long WaitCount { get; set; }

    [CsvColumn("wait_time_mean_ms"), CsvConverter(typeof(CsvNumber))]
    public double? WaitTimeMeanMs { get; set; }

    [CsvColumn("resource_exhausted")]
    public long ResourceExhausted { get; set; }

    [CsvColumn("expired_handoffs")]
    public long ExpiredHandoffs { get; set; }

    [CsvColumn("waiters_evicted")]
    public long WaitersEvicted { get; set; }

    [CsvColumn("acquisitions")]
    public long Acquisitions { get; set; }

    [CsvColumn("throughput")]
    public long Throughput { get; set; }

    [CsvColumn("goodput")]
    public long Goodput { get; set; }

    /// <summary>The columns, in the file's order.</summary>
    public static IReadOnlyList<string> Columns { get; } = CsvTable.HeaderOf<TimeseriesRow>();

    public static TimeseriesRow Of(string variant, ulong seed, Sample s) =>
        new()
        {
            Variant = variant,
            Seed = seed,
            TimeS = s.TimeS,
            OfferedPerS = s.OfferedPerS,
            GoodputPerS = s.GoodputPerS,
            TimeoutsPerS = s.TimeoutsPerS,
            WastedHandoffsPerS = s.WastedHandoffsPerS,
            EvictionsPerS = s.EvictionsPerS,
            InUse = s.InUse,
            Active = s.Active,
            Idle = s.Idle,
            Returning = s.Returning,
            WaitlistLen = s.WaitlistLength,
            MutexWaiters = s.MutexWaiters,
            MutexStarving = s.MutexStarving,
            P50Ms = s.P50Ms,
            P99Ms = s.P99Ms,
            Capacity = s.Capacity,
            Available = s.Available,
            Waiters = s.WaitlistLength,
            WaitCount = s.Counts.WaitCount,
            WaitTimeMeanMs = s.Counts.WaitTimeMeanMs,
            ResourceExhausted = s.Counts.ResourceExhausted,
            ExpiredHandoffs = s.Counts.ExpiredHandoffs,
            WaitersEvicted = s.Counts.WaitersEvicted,
            Acquisitions = s.Counts.Acquisitions,
            Throughput = s.Counts.Throughput,
            Goodput = s.Counts.Goodput,
        };

    /// <summary>The pool's counts of the row, as summary.csv holds them too.</summary>
    public Counts Counts =>
        new(WaitCount, WaitTimeMeanMs, ResourceExhausted, ExpiredHandoffs, WaitersEvicted, Acquisitions, Throughput, Goodput);
}
