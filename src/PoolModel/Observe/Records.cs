using StallSim.PoolModel.Server;

namespace StallSim.PoolModel.Observe;

/// <summary>One sample of a run (docs/outputs.md#timeseriescsv), plus the checks the tests read.</summary>
public sealed record Sample(
    double TimeS,
    double OfferedPerS,
    double NewArrivalsPerS,
    double GoodputPerS,
    double TimeoutsPerS,
    double WastedHandoffsPerS,
    double EvictionsPerS,
    int InUse,
    int Active,
    int Idle,
    int Returning,
    int Dialing,
    int WaitlistLength,
    int MutexWaiters,
    bool MutexStarving,
    double? P50Ms,
    double? P99Ms,
    int Goroutines,
    long RequestsArrived,
    long RequestsFinished,
    int RequestsInFlight,
    int Capacity,
    int Available,
    Counts Counts
);

/// <summary>What an operator's dashboard counts, named as vttablet exports it where it has a name
/// (docs/outputs.md#timeseriescsv): over one sample interval in a <see cref="Sample"/>, over the whole run in a
/// <see cref="RunSummary"/>.</summary>
/// <param name="WaitCount">Successful Gets that waited in the waitlist.</param>
/// <param name="WaitTimeMeanMs">Their mean wait; null when there was none.</param>
/// <param name="ResourceExhausted">Gets that failed with RESOURCE_EXHAUSTED (ErrTimeout, the waiter cap).</param>
/// <param name="ExpiredHandoffs">Connections a wait returned although the waiter's context had expired.</param>
/// <param name="WaitersEvicted">Expired waiters a returner unlinked and sent nil (#20308).</param>
/// <param name="Acquisitions">Successful Gets.</param>
/// <param name="Throughput">Queries that ran to their end.</param>
/// <param name="Goodput">Requests served in time.</param>
public readonly record struct Counts(
    long WaitCount,
    double? WaitTimeMeanMs,
    long ResourceExhausted,
    long ExpiredHandoffs,
    long WaitersEvicted,
    long Acquisitions,
    long Throughput,
    long Goodput
);

/// <summary>Percentiles of one phase of a run, in milliseconds (null when nothing was recorded in it).</summary>
public sealed record PhaseStats(
    Phase Phase,
    double? WaitP50Ms,
    double? WaitP99Ms,
    double? WaitP999Ms,
    double? LatencyP50Ms,
    double? LatencyP99Ms,
    double? LatencyP999Ms
);

/// <summary>Ordered from best to worst: a sweep cell shows the worst of its runs, and "cannot judge" is worst of
/// all, so that it is never hidden.</summary>
public enum Verdict
{
    Stable,
    Recovered,
    Degraded,
    Metastable,
    NoBaseline,
}

/// <summary>One row of summary.csv.</summary>
public sealed record RunSummary(
    string Scenario,
    string Variant,
    ulong Seed,
    double BaselineGoodputPerS,
    double TriggerGoodputPerS,
    double FinalGoodputPerS,
    double FinalOfferedPerS,
    double FinalNewArrivalsPerS,
    Verdict Verdict,
    double? RecoveryS,
    long WastedHandoffs,
    long Evictions,
    long Timeouts,
    int PeakWaitlist,
    int PeakMutexWaiters,
    long Events,
    double? WallS,
    string? VerdictReason,
    Counts Counts,
    long Retries,
    long RetriesDenied,
    IReadOnlyList<PhaseStats> Phases,
    double? DrainS = null,
    double? LatencyRecoveryS = null,
    double LongestMutexWaitS = 0
);

/// <summary>A run's outputs. <see cref="NoGoroutineOnMutex"/>: a census at the peak was asked for, but no sample
/// ever found a goroutine blocked on wl.mu, so there is no peak to show.</summary>
public sealed record RunResult(
    RunSummary Summary,
    IReadOnlyList<Sample> Samples,
    IReadOnlyList<CensusSnapshot> Census,
    bool NoGoroutineOnMutex = false
);
