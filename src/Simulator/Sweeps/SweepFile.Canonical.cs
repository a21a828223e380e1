using System.Text;
using StallSim.Simulator.Scenarios;
using YamlDotNet.RepresentationModel;

namespace StallSim.Simulator.Sweeps;

/// <summary>The canonical text of a sweep (what sweep.yaml holds beside its results, and what shards compare):
/// axis values quoted where YAML would split or cut them, the base inline, its relative files' directory recorded.</summary>
public sealed partial class SweepFile
{
    /// <summary>Whether the base names a file by a relative path (a replay, a costs profile), which must resolve
    /// from the base's directory wherever its inlined copy is read.</summary>
    private static bool NamesRelativeFiles(YamlTree baseTree)
    {
        YamlNode? At(params string[] keys)
        {
            YamlNode? node = baseTree.Root;
            foreach (var k in keys)
                node = node is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode(k), out var child) ? child : null;
            return node;
        }
        static bool Relative(YamlNode? n) =>
            n is YamlScalarNode { Value: { Length: > 0 } v }
            && (v.Contains('/') || v.EndsWith(".yaml", StringComparison.Ordinal) || v.EndsWith(".csv", StringComparison.Ordinal))
            && !Path.IsPathRooted(v);
        return Relative(At("workload", "replay")) || Relative(At("go", "costs")) || Relative(At("go", "costs", "profile"));
    }

    /// <summary>A scalar as flow YAML that reads back as itself: quoted when a comma, a bracket, a '#' or the like
    /// would otherwise change what it says.</summary>
    private static string Quoted(string value) =>
        value.Length == 0
        || value.IndexOfAny([',', '[', ']', '{', '}', '#', ':', '"', '\'', '\n', '&', '*', '!', '|', '>', '%', '@', '`']) >= 0
        || char.IsWhiteSpace(value[0])
        || char.IsWhiteSpace(value[^1])
        || value[0] is '-' or '?'
            ? "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\""
            : value;

    /// <summary>A YAML node as one line of flow YAML, the form --set and axes take.</summary>
    private static string Flow(YamlNode node) =>
        node switch
        {
            YamlScalarNode s => Quoted(s.Value ?? ""),
            YamlSequenceNode seq => "[" + string.Join(", ", seq.Children.Select(Flow)) + "]",
            YamlMappingNode map => "{" + string.Join(", ", map.Children.Select(kv => $"{Flow(kv.Key)}: {Flow(kv.Value)}")) + "}",
            _ => "",
        };

    private static string Canonicalize(string name, string description, YamlTree baseTree, IReadOnlyList<Axis> axes)
    {
        var text = new StringBuilder();
        text.AppendLine($"name: {name}");
        if (description.Length > 0)
            text.AppendLine($"description: \"{description.Trim().Replace("\\", "\\\\").Replace("\"", "\\\"")}\"");
        if (NamesRelativeFiles(baseTree) && baseTree.Directory is { } dir)
        {
            var relative = Path.GetRelativePath(Environment.CurrentDirectory, dir);
            text.AppendLine($"base_dir: {Quoted(relative.StartsWith("..", StringComparison.Ordinal) ? dir : relative)}");
        }
        text.AppendLine("axes:");
        foreach (var axis in axes)
            text.AppendLine($"  {axis.Key}: [{string.Join(", ", axis.Values)}]");
        text.AppendLine("base:");
        foreach (var line in baseTree.Serialize().TrimEnd().Split('\n'))
            text.AppendLine("  " + line);
        return text.ToString();
    }
}
