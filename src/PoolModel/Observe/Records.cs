using StallSim.PoolModel.Go;

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
    int RequestsInFlight);

/// <summary>Goroutines per site at one instant (census.csv), with the pool's state then. <see cref="AtPeak"/>:
/// taken at the sample with the most goroutines on wl.mu, rather than at an instant the scenario named.</summary>
public sealed record CensusSnapshot(double TimeS, IReadOnlyList<(Site Site, int Goroutines)> Sites, int Total, int WaitlistLength,
    bool MutexStarving, bool AtPeak)
{
    public int At(Site site)
    {
        foreach (var (s, n) in Sites)
            if (ReferenceEquals(s, site)) return n;
        return 0;
    }

    /// <summary>The share of all goroutines at <paramref name="site"/>, in percent.</summary>
    public double Share(Site site) => Total == 0 ? 0 : 100.0 * At(site) / Total;
}

public enum Verdict { Stable, Recovered, Metastable }

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
    double? WallS);

public sealed record RunResult(RunSummary Summary, IReadOnlyList<Sample> Samples, IReadOnlyList<CensusSnapshot> Census);
