using StallSim.PoolModel.Observe;

namespace StallSim.Simulator.Margins;

/// <summary>Every seed of one variant run at one value of an axis.</summary>
public sealed record Probe(double X, IReadOnlyList<RunSummary> Runs)
{
    public int Stalled => Runs.Count(r => r.Verdict == Verdict.Metastable);

    public bool Keeps(bool stalled) => stalled ? Stalled == Runs.Count : Stalled == 0;

    public bool Changed(bool stalled) => stalled ? Stalled == 0 : Stalled == Runs.Count;

    /// <summary>The verdict most seeds reached (the first in the enum's order on a tie).</summary>
    public Verdict Verdict => Runs.GroupBy(r => r.Verdict).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
}

/// <summary>What one search found: the interval in which the verdict changes (<see cref="Keep"/>: the last value
/// where every seed keeps the reference verdict; <see cref="Change"/>: the first where every seed has changed),
/// or none within the axis's range.</summary>
public sealed record Margin(
    string Variant,
    MarginAxis Axis,
    Direction Direction,
    Verdict Verdict,
    bool Stalled,
    double Start,
    double? Keep,
    double? Change,
    Verdict? Beyond,
    IReadOnlyList<Probe> Disagreeing,
    int Runs,
    string Note
)
{
    public double End => Direction == Direction.Up ? Axis.To : Axis.From;
}

/// <summary>
/// The nearest change between stalled (metastable) and not stalled, from a scenario's value along one axis in
/// one direction: steps that double from the resolution until every seed has changed (or the range ends), then
/// bisection of the last gap to the resolution, on the side where seeds still all keep the verdict and, if some
/// disagree in between, on the side where they have all changed. A probe at the range's end says whether the
/// verdict comes back past the change.
/// </summary>
public sealed class MarginSearch(string variant, MarginAxis axis, Direction direction, Func<double, Probe> probe)
{
    private readonly SortedDictionary<double, Probe> _probes = new();

    private double Sign => direction == Direction.Up ? 1 : -1;

    private double End => direction == Direction.Up ? axis.To : axis.From;

    private double Distance(double x, double start) => Sign * (x - start);

    private Probe At(double x)
    {
        if (!_probes.TryGetValue(x, out var p))
            _probes[x] = p = probe(x);
        return p;
    }

    /// <summary>The probe values a search takes while bracketing, in order: the start's distance doubled from
    /// twice the resolution, up to the range's end.</summary>
    public static IEnumerable<double> BracketSteps(MarginAxis axis, Direction direction, double start)
    {
        var sign = direction == Direction.Up ? 1 : -1;
        var end = direction == Direction.Up ? axis.To : axis.From;
        var last = start;
        for (var k = 1; k < 64; k++)
        {
            var x = axis.Snap(start + sign * axis.Resolution * Math.Pow(2, k));
            if (sign * (x - end) > 0)
                x = end;
            if (x == last)
                yield break;
            yield return x;
            last = x;
            if (x == end)
                yield break;
        }
    }

    /// <param name="reference">The scenario's own runs of this variant, whose verdicts the search keeps; for an axis
    /// that starts from a table, the probe at the start stands in.</param>
    public Margin Run(double start, IReadOnlyList<RunSummary> reference)
    {
        var note = new List<string>();
        var startProbe = axis.StartsFromTable ? At(start) : new Probe(start, reference);
        var scenarioVerdict = new Probe(start, reference).Verdict;
        if (startProbe.Stalled != 0 && startProbe.Stalled != startProbe.Runs.Count)
            return Result(
                startProbe.Stalled == startProbe.Runs.Count,
                null,
                null,
                null,
                [startProbe],
                ["the seeds disagree at the scenario's value itself: it sits on the boundary"]
            );
        var stalled = startProbe.Stalled > 0;
        if (axis.StartsFromTable && (new Probe(start, reference).Stalled > 0) != stalled)
            note.Add($"the scenario's table and the constant {axis.Format(start)} give different verdicts");

        foreach (var x in BracketSteps(axis, direction, start))
            if (At(x).Changed(stalled))
                break;

        var (keep, firstNotKeep, lastNotChanged, change) = Edges(start, stalled);
        // Bisect where every seed still keeps the verdict against the first value where one does not ...
        while (firstNotKeep is { } b && Math.Abs(b - keep) > axis.Resolution && Mid(keep, b) is { } m)
        {
            At(m);
            (keep, firstNotKeep, lastNotChanged, change) = Edges(start, stalled);
        }
        // ... and, when seeds disagree in between, the last such value against the first where all have changed.
        while (change is { } c && lastNotChanged is { } a && Math.Abs(c - a) > axis.Resolution && Mid(a, c) is { } m)
        {
            At(m);
            (keep, firstNotKeep, lastNotChanged, change) = Edges(start, stalled);
        }

        Verdict? beyond = null;
        if (change is { } changed)
        {
            beyond = _probes[changed].Verdict;
            if (changed != End)
            {
                var far = At(End);
                if (far.Keeps(stalled))
                    note.Add($"the verdict comes back at {axis.Format(End)} ({Output.CsvFiles.VerdictName(far.Verdict)}): not monotone");
                else if (!far.Changed(stalled))
                    note.Add($"the seeds disagree again at {axis.Format(End)}");
            }
        }
        else if (firstNotKeep is null)
            note.Add($"no change {(direction == Direction.Up ? "up" : "down")} to {axis.Format(End)}");
        else
            note.Add(
                $"some seeds change from {axis.Format(firstNotKeep.Value)}, but not all, {(direction == Direction.Up ? "up" : "down")} "
                    + $"to {axis.Format(End)}"
            );

        var disagreeing = _probes.Values.Where(p => !p.Keeps(stalled) && !p.Changed(stalled)).OrderBy(p => Distance(p.X, start)).ToList();
        return Result(stalled, firstNotKeep is null ? null : keep, change, beyond, disagreeing, note);

        Margin Result(bool st, double? k, double? ch, Verdict? by, IReadOnlyList<Probe> dis, List<string> notes) =>
            new(
                variant,
                axis,
                direction,
                scenarioVerdict,
                st,
                start,
                k,
                ch,
                by,
                dis,
                _probes.Values.Sum(p => p.Runs.Count),
                string.Join("; ", notes)
            );
    }

    private double? Mid(double a, double b)
    {
        var m = axis.Snap((a + b) / 2);
        return m == a || m == b ? null : m;
    }

    /// <summary>From the probes so far, in order of distance from the start: the last value before any seed
    /// changes, the first value where one has, the last where not all have, and the first where all have.</summary>
    private (double Keep, double? FirstNotKeep, double? LastNotChanged, double? Change) Edges(double start, bool stalled)
    {
        var keep = start;
        var lastNotChanged = start;
        double? firstNotKeep = null,
            change = null;
        foreach (var p in _probes.Values.Where(p => Distance(p.X, start) > 0).OrderBy(p => Distance(p.X, start)))
        {
            if (firstNotKeep is null)
            {
                if (p.Keeps(stalled))
                    keep = p.X;
                else
                    firstNotKeep = p.X;
            }
            if (p.Changed(stalled))
            {
                change = p.X;
                break;
            }
            lastNotChanged = p.X;
        }
        return (keep, firstNotKeep, lastNotChanged, change);
    }
}
