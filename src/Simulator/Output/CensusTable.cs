using StallSim.PoolModel.Go;
using StallSim.PoolModel.Observe;

namespace StallSim.Simulator.Output;

/// <summary>One column of a census table: where the goroutines were at one instant, and the shares computed once.</summary>
/// <param name="Variant">The variant it belongs to; null for the production dump.</param>
/// <param name="TimeS">The instant it shows, in seconds of virtual time; null for the production dump.</param>
/// <param name="AtPeak">Taken at the sample with the most goroutines on wl.mu.</param>
/// <param name="Seed">The run's seed; null for the production dump.</param>
public sealed record CensusColumn(
    string? Variant,
    double? TimeS,
    bool AtPeak,
    IReadOnlyDictionary<Site, int> Counts,
    int Total,
    ulong? Seed = null
)
{
    /// <summary>The name of a dump's column other than the seed's (stallsim dump --against).</summary>
    public string? Dump { get; init; }

    /// <summary>What the column shows, with its seed and instant: "buggy seed 1 at 155.8 s (peak)".</summary>
    public string Label =>
        Variant is null ? Dump ?? "production (#20310)" : $"{Variant} seed {Seed} at {TimeS:0.#} s{(AtPeak ? " (peak)" : "")}";

    public int At(Site site) => Counts.GetValueOrDefault(site);

    /// <summary>Share of all goroutines at <paramref name="site"/>, in percent.</summary>
    public double Share(Site site) => Total == 0 ? 0 : 100.0 * At(site) / Total;
}

/// <summary>
/// The census as the report and the plots show it, computed once: the production dump of #20310 first, then
/// one column per census instant of each variant's worst seed (<see cref="WorstSeedRuns"/>); rows are the seed's five sites, then every
/// other site a run saw, in the order of its census.
/// </summary>
public sealed record CensusTable(IReadOnlyList<Site> Sites, IReadOnlyList<CensusColumn> Columns)
{
    public static CensusTable Build(IReadOnlyList<RunResult> results)
    {
        var production = new CensusColumn(
            null,
            null,
            false,
            SeedDump.Sites.ToDictionary(s => s.Site, s => s.Goroutines),
            SeedDump.TotalGoroutines
        );
        var columns = new List<CensusColumn> { production };
        foreach (var run in WorstSeedRuns(results))
        foreach (var c in run.Census)
            columns.Add(
                new CensusColumn(
                    run.Summary.Variant,
                    c.TimeS,
                    c.AtPeak,
                    c.Sites.ToDictionary(s => s.Site, s => s.Goroutines),
                    c.Total,
                    run.Summary.Seed
                )
            );
        var sites = SeedDump
            .Sites.Select(s => s.Site)
            .Concat(WorstSeedRuns(results).SelectMany(r => r.Census).SelectMany(c => c.Sites.Select(s => s.Site)))
            .Distinct()
            .ToList();
        return new CensusTable(sites, columns);
    }

    /// <summary>The worst seed of each variant, in scenario order (which also fixes each variant's colour): the
    /// seed whose verdict is worst, then the one whose goodput ended lowest, then the first. The plots draw it solid
    /// and the census is its; with one seed, that seed.</summary>
    public static List<RunResult> WorstSeedRuns(IReadOnlyList<RunResult> results) =>
        results
            .GroupBy(r => r.Summary.Variant)
            .Select(g =>
                g.OrderByDescending(r => r.Summary.Verdict == Verdict.Metastable)
                    .ThenByDescending(r => r.Summary.Verdict)
                    .ThenBy(r => r.Summary.FinalGoodputPerS)
                    .ThenBy(r => r.Summary.Seed)
                    .First()
            )
            .ToList();
}
