using System.Collections.Concurrent;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using StallSim.PoolModel;
using StallSim.PoolModel.Observe;
using StallSim.Simulator.Cli;
using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Margins;

/// <summary>What margins searches: the default axes (load, each trigger's duration, the walk's cost), those
/// --axis adds, and the resolutions --resolution sets.</summary>
public sealed record MarginsSpec(IReadOnlyList<string> Axes, IReadOnlyDictionary<string, string> Resolutions)
{
    public static readonly MarginsSpec Default = new([], new Dictionary<string, string>());

    public const double LoadResolution = 0.02;
    public const double EpisodeResolutionS = 0.5;
    public const double WalkResolutionNs = 2;

    /// <summary>--resolution NAME=VALUE: NAME an axis's name (load, episode, walk) or key.</summary>
    public static MarginsSpec Parse(IEnumerable<string> axes, IEnumerable<string> resolutions)
    {
        var r = new Dictionary<string, string>();
        foreach (var item in resolutions)
        {
            var eq = item.IndexOf('=');
            if (eq <= 0)
                throw new InputException($"--resolution {item}: expected NAME=VALUE, e.g. --resolution load=1% or --resolution walk=1ns");
            if (!r.TryAdd(item[..eq].Trim(), item[(eq + 1)..].Trim()))
                throw new InputException($"--resolution {item}: '{item[..eq].Trim()}' given twice");
        }
        return new MarginsSpec(axes.ToList(), r);
    }

    /// <summary>The axes of <paramref name="s"/>, each with its resolution. <paramref name="lengthReached"/>: the
    /// longest waitlist a variant's runs reached, where a walk table is read for the search's start.</summary>
    public IReadOnlyList<MarginAxis> Build(YamlTree tree, Scenario s, int lengthReached)
    {
        var keyed = new Dictionary<string, double>();
        var used = new HashSet<string>();
        double Res(string name, string key, string unit, double fallback)
        {
            var text =
                Resolutions.TryGetValue(name, out var t) ? t
                : Resolutions.TryGetValue(key, out t) ? t
                : null;
            if (text is null)
                return fallback;
            used.Add(Resolutions.ContainsKey(name) ? name : key);
            return ParseResolution(name, text, unit);
        }
        var axes = new List<MarginAxis> { MarginAxes.Load(s, Res(MarginAxes.LoadName, MarginAxes.LoadName, "x", LoadResolution)) };
        axes.AddRange(MarginAxes.TriggerDurations(s, (name, key) => Res(name, key, "s", EpisodeResolutionS)));
        axes.Add(MarginAxes.Walk(tree, s, Res("walk", MarginAxes.WalkKey, "ns", WalkResolutionNs), lengthReached));
        foreach (var spec in Axes)
        {
            var key = spec[..Math.Max(0, spec.IndexOf('='))].Trim();
            foreach (var (k, v) in Resolutions)
                if (k == key)
                    keyed[k] = ParseResolution(k, v, UnitOf(spec));
            used.Add(key);
            var axis = MarginAxes.Parse(spec, tree, s, keyed);
            if (axes.Any(a => a.Key == axis.Key))
                throw new InputException($"--axis {spec}: '{axis.Key}' is already an axis");
            axes.Add(axis);
        }
        foreach (var name in Resolutions.Keys.Where(k => !used.Contains(k)))
            throw new InputException(
                $"--resolution {name}={Resolutions[name]}: no axis '{name}' (the axes: {string.Join(", ", axes.Select(a => a.Name))})"
            );
        return axes;
    }

    private static string UnitOf(string spec)
    {
        var dots = spec.IndexOf("..", StringComparison.Ordinal);
        var to = dots < 0 ? "" : spec[(dots + 2)..].Trim();
        var i = 0;
        while (i < to.Length && (char.IsAsciiDigit(to[i]) || to[i] is '.' or '-' or '+'))
            i++;
        return to[i..].Trim();
    }

    private static double ParseResolution(string name, string text, string unit)
    {
        var inv = CultureInfo.InvariantCulture;
        var t = text.Trim();
        double scale = 1;
        if (unit == "x" && t.EndsWith('%'))
        {
            t = t[..^1];
            scale = 0.01;
        }
        else if (unit.Length > 0 && unit != "x" && t.EndsWith(unit, StringComparison.Ordinal))
            t = t[..^unit.Length];
        if (!double.TryParse(t, NumberStyles.Float, inv, out var v) || !double.IsFinite(v))
            throw new InputException(
                $"--resolution {name}={text}: expected a number{(unit.Length > 0 ? $" in {(unit == "x" ? "x or %" : unit)}" : "")}"
            );
        if (v * scale <= 0)
            throw new InputException($"--resolution {name}={text}: expected a resolution above 0");
        return v * scale;
    }
}

/// <summary>
/// Runs the searches of margins: for each variant and axis, from the scenario's value toward the nearest change
/// of verdict. Searches go in parallel over --jobs, each run single-threaded, and results come back in a fixed
/// order (variant, axis, direction), so margins.csv does not depend on --jobs. The work is estimated first.
/// </summary>
public static class MarginsRunner
{
    public sealed record Search(string Variant, MarginAxis Axis, Direction Direction, double Start, IReadOnlyList<RunSummary> Reference);

    /// <summary>The searches, one per variant, axis and direction. <paramref name="scenarioRuns"/> null: before the
    /// scenario has run, for the work estimate (both directions of every axis, a walk table read at its longest length).</summary>
    public static IReadOnlyList<Search> Plan(ScenarioInput input, IReadOnlyList<RunResult>? scenarioRuns, MarginsSpec spec)
    {
        var s = input.Scenario;
        var searches = new List<Search>();
        foreach (var variant in s.Variants)
        {
            var runs = scenarioRuns?.Where(r => r.Summary.Variant == variant).Select(r => r.Summary).ToList() ?? [];
            var stalled = runs.Count(r => r.Verdict == Verdict.Metastable) * 2 > runs.Count;
            var reached = runs.Count > 0 ? runs.Max(r => r.PeakWaitlist) : s.Costs.ScanPerElement.Points.Max(p => p.Length);
            foreach (var axis in spec.Build(input.Tree, s, reached))
            {
                var start = axis.Snap(axis.ScenarioValue ?? axis.From);
                var directions =
                    axis.StressUpwards && scenarioRuns is not null
                        ? [stalled ? Direction.Down : Direction.Up]
                        : new[] { Direction.Down, Direction.Up };
                foreach (var d in directions)
                    searches.Add(new Search(variant, axis, d, start, runs));
            }
        }
        return searches;
    }

    /// <summary>Events the searches may take, at most: for each place the change may be found (each bracketing
    /// step), the steps up to it, the bisections its gap needs (twice, when several seeds may disagree) at the
    /// dearer end of the gap, and the probe at the range's end; the dearest of these places.</summary>
    public static double EstimateEvents(ScenarioInput input, IReadOnlyList<Search> searches)
    {
        var seeds = input.Scenario.Seeds.Count;
        double Of(Search q)
        {
            double Cost(double x) => Work.Events(q.Axis.At(x) with { Variants = [q.Variant] });
            var end = q.Direction == Direction.Up ? q.Axis.To : q.Axis.From;
            var steps = MarginSearch.BracketSteps(q.Axis, q.Direction, q.Start).ToList();
            var costs = steps.Select(Cost).ToList();
            var worst = costs.Sum(); // no change to the range's end
            double before = 0,
                previousCost = Cost(q.Start),
                previous = q.Start;
            for (var j = 0; j < steps.Count; j++)
            {
                before += costs[j];
                var gap = Math.Abs(steps[j] - previous);
                var bisections = gap <= q.Axis.Resolution ? 0 : (int)Math.Ceiling(Math.Log2(gap / q.Axis.Resolution));
                var found =
                    before + bisections * (seeds > 1 ? 2 : 1) * Math.Max(costs[j], previousCost) + (steps[j] == end ? 0 : Cost(end));
                worst = Math.Max(worst, found);
                previous = steps[j];
                previousCost = costs[j];
            }
            return worst + (q.Axis.StartsFromTable ? Cost(q.Start) : 0);
        }
        // Before the scenario has run, an axis searched one way has both ways planned: only the dearer counts.
        return searches.GroupBy(q => (q.Variant, q.Axis.Key)).Sum(g => g.First().Axis.StressUpwards ? g.Max(Of) : g.Sum(Of));
    }

    public static double MaxLiveGoroutines(IReadOnlyList<Search> searches) =>
        searches.Count == 0 ? 0 : searches.Max(q => Work.LiveGoroutines(q.Axis.At(q.Direction == Direction.Up ? q.Axis.To : q.Axis.From)));

    /// <param name="goroutineLimit">The live goroutines a probe may hold (<see cref="Work.GoroutineLimit"/>).</param>
    public static IReadOnlyList<Margin> Run(IReadOnlyList<Search> searches, int jobs, int goroutineLimit, Action<int, int>? progress = null)
    {
        var results = new Margin[searches.Count];
        var done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs) };
        // One search at a time to whichever thread is free: searches differ in cost by 10x.
        var order = Enumerable.Range(0, searches.Count).ToList();
        Parallel.ForEach(Partitioner.Create(order, EnumerablePartitionerOptions.NoBuffering), options, i =>
        {
            var q = searches[i];
            var search = new MarginSearch(q.Variant, q.Axis, q.Direction, x =>
            {
                var scenario = Work.Limited(q.Axis.At(x), goroutineLimit);
                var variant = scenario.ResolveVariant(q.Variant);
                return new Probe(x, [.. scenario.Seeds.Select(seed => new World(scenario, variant, seed).Run().Summary)]);
            });
            results[i] = search.Run(q.Start, q.Reference);
            progress?.Invoke(Interlocked.Increment(ref done), searches.Count);
        });
        return results;
    }
}
