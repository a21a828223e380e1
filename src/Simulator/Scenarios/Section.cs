using System.Globalization;
using StallSim.Engine;
using YamlDotNet.RepresentationModel;

namespace StallSim.Simulator.Scenarios;

/// <summary>
/// One mapping of a YAML file being bound to a record: reads keys with their parsers and defaults, records
/// where each key path stands (for later messages), and refuses keys nobody asked for.
/// </summary>
internal sealed class Section
{
    private readonly YamlTree _tree;
    private readonly YamlMappingNode _node;
    private readonly string _path;
    private readonly HashSet<string> _known = [];
    private readonly Dictionary<string, int> _lines;

    public Section(YamlTree tree, YamlMappingNode node, string path, Dictionary<string, int> lines)
    {
        _tree = tree;
        _node = node;
        _path = path;
        _lines = lines;
        _lines.TryAdd(path, node.Start.Line > 0 ? (int)node.Start.Line : 1);
    }

    public string KeyPath(string key) => _path.Length == 0 ? key : $"{_path}.{key}";

    /// <summary>The file this section was read from.</summary>
    public YamlTree Tree => _tree;

    /// <summary>The mapping itself, for errors about the section as a whole.</summary>
    public YamlMappingNode Mapping => _node;

    public InputException Error(YamlNode? at, string key, string expected, string? got = null)
    {
        var line = at is not null && at.Start.Line > 0 ? at.Start.Line : _node.Start.Line;
        var gotText = got is null ? "" : $", got '{got}'";
        return new InputException($"{_tree.Where(KeyPath(key), line)}: {KeyPath(key)}: expected {expected}{gotText}");
    }

    public YamlNode? Node(string key)
    {
        _known.Add(key);
        if (!_node.Children.TryGetValue(new YamlScalarNode(key), out var value))
            return null;
        _lines[KeyPath(key)] = (int)value.Start.Line;
        return value;
    }

    public T Scalar<T>(string key, T fallback, string expected, Func<string, T> parse)
    {
        var node = Node(key);
        if (node is null)
            return fallback;
        if (node is not YamlScalarNode { Value: { } text })
            throw Error(node, key, expected, "a list or mapping");
        try
        {
            return parse(text);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw Error(node, key, expected, text);
        }
    }

    public long Duration(string key, long fallback) =>
        Scalar(key, fallback, "a duration with a unit (e.g. 250ns, 40us, 1.5ms, 30s)", Units.ParseDuration);

    public double Rate(string key, double fallback) => Scalar(key, fallback, "a rate with a unit (e.g. 700/s)", Units.ParseRate);

    public int Int(string key, int fallback) =>
        Scalar(key, fallback, "a whole number", t => int.Parse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));

    public double Number(string key, double fallback) => Scalar(key, fallback, "a number", t =>
        {
            var v = double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture);
            return double.IsFinite(v) ? v : throw new FormatException();
        });

    public bool Bool(string key, bool fallback) => Scalar(key, fallback, "true or false", t => t switch
            {
                "true" or "yes" or "on" => true,
                "false" or "no" or "off" => false,
                _ => throw new FormatException(),
            });

    public string Text(string key, string fallback) => Scalar(key, fallback, "text", t => t);

    public T Choice<T>(string key, T fallback, IReadOnlyDictionary<string, T> choices) =>
        Scalar(key, fallback, "one of " + string.Join(", ", choices.Keys), t =>
            choices.TryGetValue(t, out var v) ? v : throw new FormatException()
        );

    public IReadOnlyList<T> List<T>(string key, IReadOnlyList<T> fallback, string expected, Func<string, T> parse)
    {
        var node = Node(key);
        if (node is null)
            return fallback;
        var items = node switch
        {
            YamlSequenceNode seq => seq.Children,
            YamlScalarNode => [node],
            _ => throw Error(node, key, $"a list of {expected}", "a mapping"),
        };
        var result = new List<T>();
        foreach (var item in items)
        {
            if (item is not YamlScalarNode { Value: { } text })
                throw Error(item, key, $"a list of {expected}", "a nested list or mapping");
            try
            {
                result.Add(parse(text));
            }
            catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
            {
                throw Error(item, key, $"a list of {expected}", text);
            }
        }
        return result;
    }

    public Section? Child(string key)
    {
        var node = Node(key);
        if (node is null)
            return null;
        if (node is not YamlMappingNode mapping)
            throw Error(node, key, "a mapping of keys", node is YamlScalarNode s ? s.Value : "a list");
        return new Section(_tree, mapping, KeyPath(key), _lines);
    }

    public IEnumerable<(string Key, YamlNode Value)> Entries()
    {
        foreach (var (k, v) in _node.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? "";
            _known.Add(key);
            _lines[KeyPath(key)] = (int)v.Start.Line;
            yield return (key, v);
        }
    }

    public Section Sub(YamlMappingNode node, string key) => new(_tree, node, KeyPath(key), _lines);

    /// <summary>The mappings of a list under <paramref name="key"/>, each as a section named <c>key[i]</c>; none
    /// when the key is absent.</summary>
    public IReadOnlyList<Section> Items(string key, string expected)
    {
        var node = Node(key);
        if (node is null)
            return [];
        if (node is not YamlSequenceNode seq)
            throw Error(node, key, expected, node is YamlScalarNode sc ? sc.Value : "a mapping");
        var items = new List<Section>();
        for (var i = 0; i < seq.Children.Count; i++)
        {
            if (seq.Children[i] is not YamlMappingNode mapping)
                throw Error(seq.Children[i], $"{key}[{i}]", expected);
            items.Add(Sub(mapping, $"{key}[{i}]"));
        }
        return items;
    }

    /// <summary>A key as it can be read: every character outside printable ASCII written as \uXXXX, so that a
    /// zero-width space or a Cyrillic 'а' in a key is seen, not guessed.</summary>
    public static string Visible(string text) => string.Concat(text.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}"));

    /// <summary>Refuses keys that were never read: a typo must not silently become a default.</summary>
    public void RejectUnknownKeys()
    {
        foreach (var (k, v) in _node.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? "?";
            if (!_known.Contains(key))
                throw new InputException(
                    $"{_tree.Where(KeyPath(key), k.Start.Line)}: {Visible(KeyPath(key))}: unknown key"
                        + (Visible(key) != key ? $" (it holds hidden or look-alike characters, shown escaped: {Visible(key)})" : "")
                        + $" (expected one of: {string.Join(", ", _known.Order())})"
                );
        }
    }
}
