using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace StallSim.Simulator.Scenarios;

/// <summary>
/// A scenario or sweep file as a YAML tree that remembers where each node came from, so that an error can
/// name the file and line. Overrides (<c>--set key.path=value</c>, sweep axes) are applied to the tree
/// before it is bound, so they go through exactly the same checks as the file.
/// </summary>
public sealed class YamlTree
{
    private YamlTree(string source, YamlMappingNode root)
    {
        Source = source;
        Root = root;
    }

    /// <summary>The file name (or "embedded:name") for messages.</summary>
    public string Source { get; }

    public YamlMappingNode Root { get; }

    private readonly Dictionary<string, string> _overrides = [];

    /// <summary>Where the value at <paramref name="keyPath"/> came from, if an override set it or a section
    /// above it: e.g. "--set workload.rate=fast". Null when it comes from the file.</summary>
    public string? OverrideOrigin(string keyPath)
    {
        for (var path = keyPath; path.Length > 0; path = path.Contains('.') ? path[..path.LastIndexOf('.')] : "")
            if (_overrides.TryGetValue(path, out var origin)) return origin;
        return null;
    }

    /// <summary>"file:line" or the override that set the key.</summary>
    public string Where(string keyPath, long line) => OverrideOrigin(keyPath) ?? $"{Source}:{Math.Max(1, line)}";

    public static YamlTree Parse(string source, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new InputException($"{source}:{e.Start.Line}: not valid YAML: {FirstLine(e.InnerException?.Message ?? e.Message)}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this on some unterminated flow collections.
            throw new InputException($"{source}: not valid YAML: an unterminated {{...}} or [...] (check brackets and quotes)");
        }
        if (stream.Documents.Count == 0) return new YamlTree(source, new YamlMappingNode());
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new InputException($"{source}:{stream.Documents[0].RootNode.Start.Line}: expected a mapping of keys (name:, horizon:, pool:, ...)");
        return new YamlTree(source, root);
    }

    /// <summary>A tree over a copy of a mapping found inside another file (a sweep's inline base scenario).</summary>
    public static YamlTree FromMapping(string source, YamlMappingNode mapping)
    {
        var stream = new YamlStream(new YamlDocument(mapping));
        using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return Parse(source, writer.ToString());
    }

    public static YamlTree Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read the file ({FirstLine(e.Message)})");
        }
        return Parse(path, text);
    }

    public YamlTree Clone()
    {
        var copy = Parse(Source, Serialize());
        foreach (var (k, v) in _overrides) copy._overrides[k] = v;
        return copy;
    }

    public string Serialize()
    {
        var stream = new YamlStream(new YamlDocument(Root));
        using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        var text = writer.ToString().TrimEnd();
        return text.EndsWith("...", StringComparison.Ordinal) ? text[..^3].TrimEnd() + "\n" : text + "\n";
    }

    /// <summary>Sets <paramref name="path"/> (dotted keys) to <paramref name="value"/>, parsed as YAML so that
    /// lists and mappings can be given inline (<c>seeds=[1,2,3]</c>). Creates missing mappings on the way.</summary>
    public void Set(string path, string value, string origin)
    {
        var keys = path.Split('.');
        if (keys.Any(string.IsNullOrWhiteSpace)) throw new InputException($"{origin}: '{path}' is not a key path (expected keys joined by dots, e.g. workload.rate)");
        YamlNode parsed;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader("v: " + value));
            parsed = ((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("v")];
        }
        catch (YamlException)
        {
            parsed = new YamlScalarNode(value);
        }
        var node = Root;
        for (var i = 0; i < keys.Length - 1; i++)
        {
            var key = new YamlScalarNode(keys[i]);
            if (!node.Children.TryGetValue(key, out var child))
            {
                child = new YamlMappingNode();
                node.Children[key] = child;
            }
            if (child is not YamlMappingNode mapping)
                throw new InputException($"{origin}: '{string.Join('.', keys[..(i + 1)])}' is a value, not a section, so '{path}' cannot be set");
            node = mapping;
        }
        node.Children[new YamlScalarNode(keys[^1])] = parsed;
        _overrides[path] = origin;
    }

    internal static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
