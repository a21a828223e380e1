using StallSim.PoolModel;

namespace StallSim.Simulator.Scenarios;

/// <summary>
/// Binds a scenario file to a <see cref="Scenario"/> through the key table (<see cref="ScenarioKeys"/>): every
/// key starts at its default, unknown keys and wrong values are refused with the file, line, key and what
/// was expected, and then every key's check runs against the bound scenario, reported at the line of the
/// key it names.
/// </summary>
public static class ScenarioBinder
{
    public static Scenario Bind(YamlTree tree) => Bind(tree, Order);

    private static readonly IReadOnlyList<ScenarioKey> Order = BindOrder(ScenarioKeys.All);

    /// <summary>The keys in an order that reads each after the keys it declares it depends on (<see cref="ScenarioKey.After"/>);
    /// otherwise in table order. A dependency on a key not in the table, or a cycle, is a programming error.</summary>
    internal static IReadOnlyList<ScenarioKey> BindOrder(IReadOnlyList<ScenarioKey> keys)
    {
        var byPath = keys.ToDictionary(k => k.Path);
        var order = new List<ScenarioKey>();
        var state = new Dictionary<string, bool>(); // false: being visited, true: done
        void Visit(ScenarioKey k)
        {
            if (state.TryGetValue(k.Path, out var done))
            {
                if (!done)
                    throw new InvalidOperationException($"scenario keys: a cycle of declared dependencies through {k.Path}");
                return;
            }
            state[k.Path] = false;
            foreach (var first in k.After)
                Visit(
                    byPath.TryGetValue(first, out var d)
                        ? d
                        : throw new InvalidOperationException($"scenario key {k.Path}: depends on {first}, which is not a key")
                );
            state[k.Path] = true;
            order.Add(k);
        }
        foreach (var k in keys)
            Visit(k);
        return order;
    }

    internal static Scenario Bind(YamlTree tree, IReadOnlyList<ScenarioKey> keys)
    {
        if (tree.Root.Children.Count == 0)
            throw new InputException(
                $"{tree.Source}: empty; a scenario needs at least a name (name: my-scenario), and runs stallsim's defaults for what it "
                    + $"leaves out"
            );
        var lines = new Dictionary<string, int>();
        var root = new Section(tree, tree.Root, "", lines);
        var sections = new Dictionary<string, Section?> { [""] = root };
        var scenario = ScenarioKeys.Defaults with
        {
            Name = Path.GetFileNameWithoutExtension(tree.Source.Replace("embedded:", "")),
            GoroutineLimit = Cli.Work.GoroutineBudget, // --force lifts it
        };
        foreach (var key in keys)
        {
            if (key.Bind is null)
                continue;
            var (sectionPath, name) = key.Split();
            if (SectionAt(sections, sectionPath) is { } section)
                scenario = key.Bind(section, name, scenario);
        }
        foreach (var section in sections.Values)
            section?.RejectUnknownKeys();
        foreach (var key in ScenarioKeys.All)
            if (key.Check(scenario) is { } problem)
                throw new InputException(
                    $"{tree.Where(problem.Key, LineOf(lines, problem.Key))}: {problem.Key}: expected {problem.Expected}"
                );
        return scenario;
    }

    /// <summary>The section at a dotted path, opened through its parents; null where the file has none.</summary>
    private static Section? SectionAt(Dictionary<string, Section?> sections, string path)
    {
        if (sections.TryGetValue(path, out var known))
            return known;
        var dot = path.LastIndexOf('.');
        var parent = SectionAt(sections, dot < 0 ? "" : path[..dot]);
        var section = parent?.Child(dot < 0 ? path : path[(dot + 1)..]);
        sections[path] = section;
        return section;
    }

    /// <summary>The line of the deepest key path the file has on the way to <paramref name="key"/>.</summary>
    private static int LineOf(Dictionary<string, int> lines, string key)
    {
        for (var path = key; path.Length > 0; path = path.Contains('.') ? path[..path.LastIndexOf('.')] : "")
            if (lines.TryGetValue(path, out var line))
                return line;
        return lines.GetValueOrDefault("", 1);
    }
}
