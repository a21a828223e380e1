using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using StallSim.Engine;
using StallSim.PoolModel;
using StallSim.Simulator.Output;
using StallSim.Simulator.Scenarios;
using YamlDotNet.RepresentationModel;

namespace StallSim.Simulator.Sweeps;

/// <summary>One axis of a sweep: a scenario key path and the values it takes, as YAML text; for an axis given as a
/// range, the range (which refinement subdivides).</summary>
public sealed record Axis(string Key, IReadOnlyList<string> Values, (string From, string To, int Steps)? Range = null);

/// <summary>One point of the grid: a value for every axis.</summary>
public sealed record SweepPoint(int Index, IReadOnlyList<string> Values);

/// <summary>
/// A sweep file (docs/scenarios.md#sweeps): a base scenario (a shipped name or a file next to the sweep file), overrides
/// for every point, axes of key paths with lists or ranges of values, seeds and variants. Each point is
/// the base with its axis values set, bound and validated like any scenario file.
/// </summary>
public sealed partial class SweepFile
{
    private SweepFile(string name, string description, YamlTree baseTree, IReadOnlyList<Axis> axes, string canonical)
    {
        Name = name;
        Description = description;
        BaseTree = baseTree;
        Axes = axes;
        Canonical = canonical;
    }

    public string Name { get; }

    public string Description { get; }

    /// <summary>The base scenario with the sweep's own overrides (seeds, variants, set) applied.</summary>
    public YamlTree BaseTree { get; }

    public IReadOnlyList<Axis> Axes { get; }

    /// <summary>The sweep as it runs (base scenario inlined), in YAML: written beside the results, and the
    /// identity that merge and resume check.</summary>
    public string Canonical { get; }

    /// <summary>Times the grid is refined (<c>sweep --refine K</c>), 0 for none; its axes are the finest grid's.</summary>
    public int Refine { get; private init; }

    /// <summary>The live goroutines each run of a point may hold (<see cref="Cli.Work.GoroutineLimit"/>).</summary>
    public int GoroutineLimit { get; set; } = Cli.Work.GoroutineBudget;

    /// <summary>Most refinement levels: a 3×3 grid refined 6 times is 129×129.</summary>
    public const int MaxRefine = 6;

    /// <summary>The sweep to run with <c>--refine</c> <paramref name="k"/>: two range axes, each subdivided k times
    /// (steps − 1)·2^k + 1 values), every point of that fine grid valid; the refinement visits a fraction of them.</summary>
    public SweepFile Refined(int k)
    {
        if (k is < 1 or > MaxRefine)
            throw new InputException($"--refine {k}: expected a number of refinements from 1 to {MaxRefine}");
        if (Axes.Count != 2 || Axes.Any(a => a.Range is null))
            throw new InputException(
                $"--refine {k}: {Name} needs exactly two axes, each a range {{from, to, steps}} (it has {Axes.Count} "
                    + $"ax{(Axes.Count == 1 ? "is" : "es")}{(Axes.Any(a => a.Range is null) ? ", not all ranges" : "")})"
            );
        var fine = new List<Axis>();
        foreach (var a in Axes)
        {
            var (from, to, steps) = a.Range!.Value;
            var n = (steps - 1) * (1 << k) + 1;
            var values = RangeValues(null, null, from, to, n);
            if (values.Distinct().Count() != values.Count)
                throw new InputException($"--refine {k}: {a.Key} from {from} to {to} repeats values at {n} steps; refine less");
            fine.Add(new Axis(a.Key, values, (from, to, n)));
        }
        if ((long)fine[0].Values.Count * fine[1].Values.Count > MaxPoints)
            throw new InputException(
                $"--refine {k}: the finest grid has {fine[0].Values.Count * fine[1].Values.Count:N0} points; expected at most "
                    + $"{MaxPoints:N0}"
            );
        var refined = new SweepFile(Name, Description, BaseTree, fine, Canonicalize(Name, Description, BaseTree, fine) + $"refine: {k}\n")
        {
            Refine = k,
            GoroutineLimit = GoroutineLimit,
        };
        foreach (var point in refined.Points())
        {
            var scenario = refined.ScenarioAt(point);
            refined.EstimatedEvents += Cli.Work.Events(scenario);
            refined.EstimatedLiveGoroutines = Math.Max(refined.EstimatedLiveGoroutines, Cli.Work.LiveGoroutines(scenario));
            refined.EstimatedMemory = Math.Max(refined.EstimatedMemory, Cli.Work.Memory(scenario));
        }
        return refined;
    }

    public string Fingerprint => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical)))[..16].ToLowerInvariant();

    public static bool IsSweep(YamlTree tree) => tree.Root.Children.ContainsKey(new YamlScalarNode("axes"));

    public IReadOnlyList<SweepPoint> Points()
    {
        var points = new List<SweepPoint>();
        var count = Axes.Aggregate(1, (n, a) => n * a.Values.Count);
        for (var i = 0; i < count; i++)
        {
            var values = new string[Axes.Count];
            var rest = i;
            for (var a = Axes.Count - 1; a >= 0; a--)
            {
                values[a] = Axes[a].Values[rest % Axes[a].Values.Count];
                rest /= Axes[a].Values.Count;
            }
            points.Add(new SweepPoint(i, values));
        }
        return points;
    }

    public Scenario ScenarioAt(SweepPoint point)
    {
        var tree = BaseTree.Clone();
        for (var a = 0; a < Axes.Count; a++)
            tree.Set(Axes[a].Key, point.Values[a], $"sweep axis {Axes[a].Key}={point.Values[a]}");
        return Cli.Work.Limited(ScenarioBinder.Bind(tree) with { Name = Name }, GoroutineLimit);
    }

    public string Describe()
    {
        var first = ScenarioAt(Points()[0]);
        return $"{Name}: {Words.Count(Points().Count, "point")} × {Words.Count(first.Variants.Count, "variant")} × "
            + $"{Words.Count(first.Seeds.Count, "seed")}";
    }

    /// <param name="commandLine">--set, --seed and --seeds of the command line: overrides of the base applied after
    /// the file's own, to every point (the written sweep.yaml names them in its base).</param>
    public static SweepFile Bind(YamlTree tree, IReadOnlyList<(string Key, string Value, string Origin)>? commandLine = null)
    {
        var lines = new Dictionary<string, int>();
        var root = new Section(tree, tree.Root, "", lines);
        var name = root.Text("name", Path.GetFileNameWithoutExtension(tree.Source.Replace("embedded:", "")));
        if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(['/', '\\']) >= 0 || name is "." or "..")
            throw root.Error(root.Node("name"), "name", "a non-empty name without path separators (the outputs go to results/NAME/)", name);
        var description = root.Text("description", "");
        // base_dir: where an inline base's relative files (a replay, a costs profile) resolve from, relative to the
        // working directory; a sweep.yaml written beside the results records its base's, so that it reads back as it ran.
        var baseDir = root.Text("base_dir", "");
        var baseNode = root.Node("base");
        var baseTree = baseNode switch
        {
            YamlScalarNode { Value: { Length: > 0 } baseName } => ResolveBase(tree, baseName),
            YamlMappingNode inline => YamlTree.FromMapping(
                $"{tree.Source} (base)",
                inline,
                baseDir.Length > 0 ? Path.GetFullPath(baseDir) : tree.Directory
            ),
            _ => throw root.Error(
                baseNode,
                "base",
                "the base scenario: a shipped name (e.g. seed-stall), a file path, or a scenario mapping"
            ),
        };
        if (IsSweep(baseTree))
            throw root.Error(baseNode, "base", "a scenario, not a sweep");

        // Sweep-level settings are overrides of the base scenario.
        var overrides = new List<(string Key, string Value)>();
        foreach (var key in new[] { "seeds", "variants" })
            if (root.Node(key) is { } node)
                overrides.Add((key, Flow(node)));
        if (root.Node("custom_variants") is { } custom)
            overrides.Add(("custom_variants", Flow(custom)));
        if (root.Child("set") is { } set)
            foreach (var (key, value) in set.Entries())
                overrides.Add((key, Flow(value)));
        foreach (var (key, value) in overrides)
            baseTree.Set(key, value, $"{tree.Source}: {key}");
        foreach (var (key, value, origin) in commandLine ?? [])
            baseTree.Set(key, value, origin);

        if (root.Node("refine") is { } refine)
            throw root.Error(
                refine,
                "refine",
                "no refine key: a refined sweep's outputs are not shards and cannot be merged (refine with sweep --refine K)"
            );
        var axesSection = root.Child("axes") ?? throw root.Error(null, "axes", "a mapping of key paths to lists or ranges of values");
        var axes = new List<Axis>();
        long points = 1;
        foreach (var (key, node) in axesSection.Entries())
        {
            var axis = ReadAxis(axesSection, key, node);
            var repeated = axis.Values.GroupBy(v => v).FirstOrDefault(g => g.Count() > 1);
            if (repeated is not null)
                throw axesSection.Error(node, key, "each value once (a repeated value would be a repeated point)", repeated.Key);
            axes.Add(axis);
            points = Math.Min(points * axis.Values.Count, long.MaxValue / 10_000);
            if (points > MaxPoints)
                throw axesSection.Error(
                    node,
                    key,
                    $"at most {MaxPoints:N0} points in all (the product of the axes' lengths)",
                    $"{points:N0} points so far"
                );
        }
        if (axes.Count == 0)
            throw root.Error(root.Node("axes"), "axes", "at least one axis");
        root.RejectUnknownKeys();

        var canonical = Canonicalize(name, description, baseTree, axes);
        var sweep = new SweepFile(name, description, baseTree, axes, canonical);
        // Every point must be a valid scenario: check them all now, before anything runs, and add up their work.
        foreach (var point in sweep.Points())
        {
            var scenario = sweep.ScenarioAt(point);
            sweep.EstimatedEvents += Cli.Work.Events(scenario);
            sweep.EstimatedLiveGoroutines = Math.Max(sweep.EstimatedLiveGoroutines, Cli.Work.LiveGoroutines(scenario));
            sweep.EstimatedMemory = Math.Max(sweep.EstimatedMemory, Cli.Work.Memory(scenario));
        }
        return sweep;
    }

    /// <summary>Points a sweep may have: each is bound and checked before anything runs.</summary>
    public const int MaxPoints = 100_000;

    /// <summary>Simulated events of every run of every point, estimated (<see cref="Cli.Work"/>).</summary>
    public double EstimatedEvents { get; private set; }

    /// <summary>The most goroutines alive at once in any one run, estimated.</summary>
    public double EstimatedLiveGoroutines { get; private set; }

    /// <summary>The most memory any one run holds, estimated (<see cref="Cli.Work.Memory"/>).</summary>
    public double EstimatedMemory { get; private set; }

    private static YamlTree ResolveBase(YamlTree sweepTree, string baseName)
    {
        var sweepDir = sweepTree.Source.StartsWith("embedded:", StringComparison.Ordinal)
            ? null
            : Path.GetDirectoryName(Path.GetFullPath(sweepTree.Source));
        // A file beside the sweep file wins (also "name" for "name.yaml", so that editing scenarios/seed-stall.yaml
        // changes what scenarios/ablation.yaml sweeps); otherwise a path, or a shipped name.
        foreach (var candidate in new[] { baseName, baseName + ".yaml" })
        {
            var besideSweep = sweepDir is null ? null : Path.Combine(sweepDir, candidate);
            if (besideSweep is not null && File.Exists(besideSweep))
                return YamlTree.Load(besideSweep);
        }
        return ShippedScenarios.Resolve(baseName);
    }

    private static Axis ReadAxis(Section axes, string key, YamlNode node)
    {
        switch (node)
        {
            case YamlSequenceNode seq when seq.Children.Count > 0:
                return new Axis(key, seq.Children.Select(Flow).ToList());
            case YamlMappingNode range:
            {
                var r = axes.Sub(range, key);
                var from = r.Text("from", "");
                var to = r.Text("to", "");
                var steps = r.Int("steps", 0);
                r.RejectUnknownKeys();
                if (steps < 2 || steps > 1000)
                    throw r.Error(range, "steps", "a number of values from 2 to 1000");
                return new Axis(key, RangeValues(r, range, from, to, steps), (from, to, steps));
            }
            default:
                throw axes.Error(
                    node,
                    key,
                    "a non-empty list of values, or a range {from, to, steps}",
                    node is YamlSequenceNode ? "an empty list" : null
                );
        }
    }

    /// <summary>Evenly spaced values from..to, keeping the unit of durations (2s..10s) and rates (500/s..2000/s).</summary>
    private static IReadOnlyList<string> RangeValues(Section? r, YamlNode? at, string from, string to, int steps)
    {
        double Lerp(double a, double b, int i) => a + (b - a) * i / (steps - 1);
        var inv = CultureInfo.InvariantCulture;
        if (double.TryParse(from, NumberStyles.Float, inv, out var a) && double.TryParse(to, NumberStyles.Float, inv, out var b))
            return Enumerable.Range(0, steps).Select(i => Lerp(a, b, i).ToString("0.####", inv)).ToList();
        try
        {
            if (from.Contains('/'))
            {
                var (ra, rb) = (Units.ParseRate(from), Units.ParseRate(to));
                return Enumerable.Range(0, steps).Select(i => Lerp(ra, rb, i).ToString("0.###", inv) + "/s").ToList();
            }
            var (da, db) = (Units.ParseDuration(from), Units.ParseDuration(to));
            return Enumerable.Range(0, steps).Select(i => Units.FormatDuration((long)Math.Round(Lerp(da, db, i)))).ToList();
        }
        catch (FormatException) when (r is not null)
        {
            throw r.Error(at, "from", "numbers, durations (2s) or rates (500/s) for from and to", $"{from}..{to}");
        }
    }
}
