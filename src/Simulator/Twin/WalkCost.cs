using System.Globalization;
using StallSim.PoolModel;
using StallSim.PoolModel.Go;

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

    /// <summary>Elements a length's walks must have visited, over every run, for their cost to count as measured.</summary>
    public const long MeasuredElements = 100_000;

    /// <summary>The walk the twin paid in these runs, as a cost table by the list's length (<c>stallsim twin
    /// --twin-walk</c>): the probe's intervals grouped by length, to the nearest power of two, each group's
    /// nanoseconds over its elements, at the group's mean length weighted by elements. Null when no group walked
    /// <see cref="MeasuredElements"/>. It is what the hardware charged the twin in this very run, where a
    /// calibration measured another hour's (on one machine the twin's walk moved by a third between two regenerations).</summary>
    public static ScanCost? InSitu(IReadOnlyList<TwinRun> twin)
    {
        var points = twin.SelectMany(r => r.Walks)
            .Where(w => w.Elements > 0 && w.Length > 0)
            .GroupBy(w => (int)Math.Round(Math.Log2(w.Length)))
            .Select(g =>
                (
                    Elements: g.Sum(w => (double)w.Elements),
                    Nanos: g.Sum(w => (double)w.Nanos),
                    Length: g.Sum(w => (double)w.Elements * w.Length)
                )
            )
            .Where(g => g.Elements >= MeasuredElements)
            .Select(g => (Length: (int)Math.Round(g.Length / g.Elements), Nanos: Math.Round(g.Nanos / g.Elements, 1)))
            .OrderBy(p => p.Length)
            .ToList();
        return points.Count == 0 ? null : new ScanCost(points);
    }

    /// <summary>The table in words, for the report: "12.1 ns per element at 1,024, ...".</summary>
    public static string Describe(ScanCost cost) =>
        string.Join(
            ", ",
            cost.Points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Nanos:0.#} ns per element at {p.Length:N0}"))
        );
}
