using StallSim.PoolModel.Go;

namespace StallSim.PoolModel.Server;

/// <summary>Goroutines per site at one instant (census.csv), with the pool's state then. <see cref="AtPeak"/>:
/// taken at the sample with the most goroutines on wl.mu, rather than at an instant the scenario named.</summary>
public sealed record CensusSnapshot(
    double TimeS,
    IReadOnlyList<(Site Site, int Goroutines)> Sites,
    int Total,
    int WaitlistLength,
    bool MutexStarving,
    bool AtPeak
)
{
    public int At(Site site)
    {
        foreach (var (s, n) in Sites)
            if (ReferenceEquals(s, site))
                return n;
        return 0;
    }

    /// <summary>The share of all goroutines at <paramref name="site"/>, in percent.</summary>
    public double Share(Site site) => Total == 0 ? 0 : 100.0 * At(site) / Total;
}
