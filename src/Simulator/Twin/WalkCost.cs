using StallSim.PoolModel;

namespace StallSim.Simulator.Twin;

/// <summary>
/// What the twin's self-removal walks cost per element, segment by segment, beside what the simulator's profile
/// charges for walks of the same lengths. The walk's cost is the input a convoy's growth hangs on, and in a cold
/// walk it depends on the traffic around it as much as on the list's length, so a comparison shows the cost the
/// twin paid in this very run next to the one the simulator was given.
/// </summary>
public static class WalkCost
{
    /// <summary>One sample interval of the twin's walk probe: the elements its self-removal walks visited and the
    /// nanoseconds they took, with the waitlist's length at the sample.</summary>
    public sealed record Probe(double TimeS, int Length, long Elements, long Nanos);

    public sealed record Row(string Segment, string Variant, double ElementsPerS, double TwinNanos, double ProfileNanos);

    /// <summary>Per segment and variant, the medians over seeds: elements walked per second, the twin's nanoseconds
    /// per element, and the profile's charge for the same elements (each interval's at its waitlist length).
    /// Segments where the twin walked nothing are left out.</summary>
    public static IReadOnlyList<Row> Compare(Scenario scenario, IReadOnlyList<TwinRun> twin)
    {
        var rows = new List<Row>();
        foreach (var seg in TwinCompare.Segments(scenario))
        foreach (var variant in twin.Select(r => r.Variant).Distinct())
        {
            var perSeed = twin.Where(r => r.Variant == variant)
                .Select(r => r.Walks.Where(w => TwinCompare.Within(w.TimeS, seg) && w.Elements > 0).ToList())
                .Where(w => w.Count > 0)
                .ToList();
            if (perSeed.Count == 0)
                continue;
            double Elements(List<Probe> w) => w.Sum(x => (double)x.Elements);
            rows.Add(
                new Row(
                    seg.Name,
                    variant,
                    TwinCompare.Median(perSeed.Select(w => Elements(w) / (seg.ToS - seg.FromS))),
                    TwinCompare.Median(perSeed.Select(w => w.Sum(x => (double)x.Nanos) / Elements(w))),
                    TwinCompare.Median(
                        perSeed.Select(w => w.Sum(x => x.Elements * scenario.Costs.ScanPerElement.PerElement(x.Length)) / Elements(w))
                    )
                )
            );
        }
        return rows;
    }
}
