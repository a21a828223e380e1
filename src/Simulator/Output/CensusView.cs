using StallSim.PoolModel.Observe;

namespace StallSim.Simulator.Output;

/// <summary>What the run plots and the report show of a run's results: the first seed of each variant (in
/// scenario order, which also fixes each variant's colour) and the census sites, the seed's five first.</summary>
public static class CensusView
{
    public static List<RunResult> FirstSeedRuns(IReadOnlyList<RunResult> results) =>
        results.GroupBy(r => r.Summary.Variant).Select(g => g.First()).ToList();

    public static List<string> SiteNames(IEnumerable<RunResult> runsWithCensus) =>
        SeedDump.Sites.Select(s => s.Site)
            .Concat(runsWithCensus.SelectMany(r => r.Census[0].Sites.Select(s => s.Site)))
            .Distinct().ToList();
}
