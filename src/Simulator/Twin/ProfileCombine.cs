using System.Globalization;
using System.Text;
using StallSim.Engine;
using StallSim.Simulator.Scenarios;
using YamlDotNet.RepresentationModel;

namespace StallSim.Simulator.Twin;

/// <summary>
/// <c>stallsim calibrate --combine A B C</c>: one profile from several whole calibrations of one machine. Each cost is
/// the median of theirs (at each list length, for a table; the mean of the middle two for an even count), and its
/// spread is the range of everything they measured of it, their own spreads included. One calibration is a moment:
/// two of this project's machine on one day read starving_handoff 842 and 441 ns, and on them seed-stall's release-23
/// convoy levelled off or ran away (docs/twin.md#several-calibrations-of-one-machine).
/// </summary>
public static class ProfileCombine
{
    private sealed record Calibration(string Path, YamlMappingNode Costs, YamlMappingNode? Spread, string[] Lines, YamlMappingNode Measured)
    {
        public string Date => Scalar(Measured, "date");

        /// <summary>The machine and Go it was measured on: calibrations combine only where these agree.</summary>
        public string Machine => $"\"{Scalar(Measured, "cpu")}\", GOMAXPROCS {Scalar(Measured, "gomaxprocs")}, {Scalar(Measured, "go")}";
    }

    /// <summary>The combined profile's text; every input is read as a profile first, and they must share a machine.</summary>
    public static string Combine(IReadOnlyList<string> paths)
    {
        if (paths.Count < 2)
            throw new InputException("calibrate --combine: expected two or more profiles measured on this machine");
        var all = paths.Select(Load).ToList();
        foreach (var (p, c) in paths.Zip(all).Skip(1))
            if (c.Machine != all[0].Machine)
                throw new InputException($"calibrate --combine {p}: measured on {c.Machine}, not on {all[0].Machine} as {paths[0]} was");
        // The keys in the order of the calibration that measured the most of them (the newest calibrate).
        var fullest = all.OrderByDescending(c => c.Costs.Children.Count).First();
        var b = new StringBuilder();
        b.AppendLine(
                "# A costs profile: the Go costs stallsim's model charges, each the median of several whole calibrations of one machine"
            )
            .AppendLine(
                "# (stallsim calibrate, then stallsim calibrate --combine). Every value is a measurement or a median of measurements."
            )
            .AppendLine("measured:")
            .AppendLine($"  date: {all.Max(c => c.Date)}")
            .AppendLine($"  cpu: \"{Scalar(all[0].Measured, "cpu")}\"")
            .AppendLine($"  gomaxprocs: {Scalar(all[0].Measured, "gomaxprocs")}")
            .AppendLine($"  go: {Scalar(all[0].Measured, "go")}")
            .AppendLine(CultureInfo.InvariantCulture, $"  command: stallsim calibrate --combine ({all.Count} calibrations)")
            .AppendLine("costs:");
        var spread = new StringBuilder();
        foreach (var key in fullest.Costs.Children.Keys.Select(k => ((YamlScalarNode)k).Value!))
        {
            var having = all.Where(c => c.Costs.Children.ContainsKey(new YamlScalarNode(key))).ToList();
            var of = having.Count == all.Count ? "" : $" ({having.Count} of {all.Count} calibrations measured it)";
            var comment = Comment(fullest, key) + of;
            var table = fullest.Costs.Children[new YamlScalarNode(key)] is YamlMappingNode;
            if (having.FirstOrDefault(c => c.Costs.Children[new YamlScalarNode(key)] is YamlMappingNode != table) is { } other)
                throw new InputException(
                    $"calibrate --combine {other.Path}: costs.{key} is {(table ? "one value" : "a table by list length")} there and "
                        + $"{(table ? "a table" : "one value")} in {fullest.Path}; expected profiles that give it in one form"
                );
            if (table)
            {
                var lengths = ((YamlMappingNode)fullest.Costs.Children[new YamlScalarNode(key)]).Children.Keys.Select(k =>
                    ((YamlScalarNode)k).Value!
                );
                var entries = lengths.Select(n => $"{n}: {Ns(Median(having.Select(c => Table(c, key, n)).OfType<long>()))}");
                b.AppendLine($"  {key}: {{ {string.Join(", ", entries)} }}   # {comment}");
                continue;
            }
            var values = having.Select(c => Units.ParseDuration(Scalar(c.Costs, key))).ToList();
            b.AppendLine($"  {key}: {Ns(Median(values))}   # {comment}");
            var lows = values.Concat(having.Select(c => Range(c, key)?.Low).OfType<long>());
            var highs = values.Concat(having.Select(c => Range(c, key)?.High).OfType<long>());
            spread.AppendLine($"  {key}: [{Ns(lows.Min())}, {Ns(highs.Max())}]");
        }
        b.AppendLine("spread:   # each single-valued cost above: the range of every measurement of it in the calibrations combined");
        return b.Append(spread).ToString();
    }

    private static Calibration Load(string path)
    {
        if (!File.Exists(path))
            throw new InputException($"calibrate --combine {path}: expected a costs profile file that exists");
        var text = BoundedFile.ReadText(path, YamlTree.MaxBytes, "a costs profile of at most 1 MB");
        var tree = YamlTree.Parse(path, text);
        CostProfile.Read(tree, path); // a profile, every value checked, before any of it is combined
        YamlMappingNode? Child(YamlMappingNode m, string k) =>
            m.Children.TryGetValue(new YamlScalarNode(k), out var v) ? v as YamlMappingNode : null;
        return new Calibration(
            path,
            Child(tree.Root, "costs")!,
            Child(tree.Root, "spread"),
            text.Split('\n'),
            Child(tree.Root, "measured")!
        );
    }

    private static string Scalar(YamlMappingNode m, string key) =>
        m.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value ?? "" : "";

    private static long? Table(Calibration c, string key, string length) =>
        c.Costs.Children[new YamlScalarNode(key)] is YamlMappingNode t && t.Children.TryGetValue(new YamlScalarNode(length), out var v)
            ? Units.ParseDuration(((YamlScalarNode)v).Value!)
            : null;

    private static (long Low, long High)? Range(Calibration c, string key) =>
        c.Spread?.Children.TryGetValue(new YamlScalarNode(key), out var v) == true && v is YamlSequenceNode { Children.Count: 2 } s
            ? (Units.ParseDuration(((YamlScalarNode)s.Children[0]).Value!), Units.ParseDuration(((YamlScalarNode)s.Children[1]).Value!))
            : null;

    /// <summary>What the calibration's own line says the cost measures (its comment), or nothing.</summary>
    private static string Comment(Calibration c, string key)
    {
        var line = c.Lines.FirstOrDefault(l => l.StartsWith($"  {key}:", StringComparison.Ordinal)) ?? "";
        var hash = line.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? "" : line[(hash + 1)..].Trim();
    }

    private static long Median(IEnumerable<long> values)
    {
        var v = values.Order().ToList();
        return v.Count % 2 == 1
            ? v[v.Count / 2]
            : (long)Math.Round((v[v.Count / 2 - 1] + v[v.Count / 2]) / 2.0, MidpointRounding.AwayFromZero);
    }

    private static string Ns(long nanos) => string.Create(CultureInfo.InvariantCulture, $"{nanos}ns");
}
