using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace StallSim.Simulator.Scenarios;

/// <summary>
/// A scenario or sweep file as a YAML tree that remembers where each node came from, so that an error can
/// name the file and line. Overrides (<c>--set key.path=value</c>, sweep axes) are applied to the tree
/// before it is bound, so they go through exactly the same checks as the file.
/// </summary>
public sealed class YamlTree
{
    private YamlTree(string source, YamlMappingNode root, string? directory)
    {
        Source = source;
        Root = root;
        Directory = directory;
    }

    /// <summary>The file name (or "embedded:name") for messages.</summary>
    public string Source { get; }

    /// <summary>The directory its relative file names (a replay, a costs profile) resolve from: the file's own,
    /// or the one a sweep recorded for its base; null for a shipped scenario, whose companions are shipped too.</summary>
    public string? Directory { get; }

    private static string? DirectoryOfFile(string source)
    {
        if (source.StartsWith("embedded:", StringComparison.Ordinal))
            return null;
        try
        {
            return Path.GetDirectoryName(Path.GetFullPath(source));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }
    }

    public YamlMappingNode Root { get; }

    private readonly Dictionary<string, string> _overrides = [];

    /// <summary>Where the value at <paramref name="keyPath"/> came from, if an override set it or a section
    /// above it: e.g. "--set workload.rate=fast". Null when it comes from the file.</summary>
    public string? OverrideOrigin(string keyPath)
    {
        for (var path = keyPath; path.Length > 0; path = path.Contains('.') ? path[..path.LastIndexOf('.')] : "")
            if (_overrides.TryGetValue(path, out var origin))
                return origin;
        return null;
    }

    /// <summary>"file:line" or the override that set the key.</summary>
    public string Where(string keyPath, long line) => OverrideOrigin(keyPath) ?? $"{Source}:{Math.Max(1, line)}";

    /// <summary>Files larger than this are not scenarios; refused before they are parsed.</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>Deeper nesting of mappings and lists than this is refused before the tree is built (building recurses).</summary>
    public const int MaxFlowDepth = 64;

    /// <summary>Nodes a file may have once its aliases are expanded (a YAML "billion laughs" has billions).</summary>
    public const int MaxExpandedNodes = 100_000;

    public static YamlTree Parse(string source, string text) => Parse(source, text, DirectoryOfFile(source));

    public static YamlTree Parse(string source, string text, string? directory)
    {
        if (text.Length > MaxBytes)
            throw new InputException($"{source}: {text.Length:N0} characters; expected a scenario of at most {MaxBytes:N0}");
        Prescan(source, text);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (AnchorNotFoundException e)
        {
            // YamlDotNet places an alias without its anchor at the document's start: find the alias itself.
            var name = System.Text.RegularExpressions.Regex.Match(e.Message, "anchor '([^']*)'").Groups[1].Value;
            var line =
                text.Split('\n')
                    .Select((l, i) => (l, i))
                    .FirstOrDefault(x => name.Length > 0 && x.l.Contains("*" + name, StringComparison.Ordinal))
                    .i + 1;
            throw new InputException(
                $"{source}:{line}: not valid YAML: the alias *{Section.Visible(name)} has no anchor &{Section.Visible(name)} before it"
            );
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
        if (stream.Documents.Count == 0)
            return new YamlTree(source, new YamlMappingNode(), directory);
        if (stream.Documents.Count > 1)
            throw new InputException(
                $"{source}:{stream.Documents[1].RootNode.Start.Line}: a second YAML document (after ---); expected one scenario per file"
            );
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new InputException(
                $"{source}:{stream.Documents[0].RootNode.Start.Line}: expected a mapping of keys (name:, horizon:, pool:, ...)"
            );
        var budget = MaxExpandedNodes;
        if (!WithinBudget(root, ref budget))
            throw new InputException(
                $"{source}: more than {MaxExpandedNodes:N0} values once its aliases (*name) are expanded; expected a scenario"
            );
        return new YamlTree(source, root, directory);
    }

    /// <summary>Counts the nodes as a reader would visit them, aliases expanded, and stops at the budget.</summary>
    private static bool WithinBudget(YamlNode node, ref int budget)
    {
        if (--budget < 0)
            return false;
        switch (node)
        {
            case YamlSequenceNode seq:
                foreach (var child in seq.Children)
                    if (!WithinBudget(child, ref budget))
                        return false;
                break;
            case YamlMappingNode map:
                foreach (var (k, v) in map.Children)
                    if (!WithinBudget(k, ref budget) || !WithinBudget(v, ref budget))
                        return false;
                break;
        }
        return true;
    }

    /// <summary>Values a file may write (before aliases are expanded): far more than a scenario has.</summary>
    public const int MaxWrittenNodes = 100_000;

    /// <summary>A pass over YamlDotNet's parser events before the tree is built (building it recurses by depth): nesting,
    /// values and aliases bounded, each refusal at the line of the event that crossed the bound; and the parser's own
    /// errors said in stallsim's words where it reports them late (a tab in the indentation, a bracket never closed).</summary>
    private static void Prescan(string source, string text)
    {
        var parser = new Parser(new StringReader(text));
        var open = new Stack<(long Line, bool Flow)>();
        var nodes = 0;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case MappingStart m:
                        Opened(m.Start.Line, m.Style == MappingStyle.Flow);
                        break;
                    case SequenceStart q:
                        Opened(q.Start.Line, q.Style == SequenceStyle.Flow);
                        break;
                    case MappingEnd or SequenceEnd:
                        open.Pop();
                        break;
                    case Scalar or AnchorAlias:
                        Count(parser.Current.Start.Line);
                        break;
                }
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException) // the scanner throws the latter at some ends
        {
            var (from, to) = e is YamlException y ? (y.Start.Line, y.End.Line + 1) : (1, long.MaxValue);
            var lines = text.Split('\n');
            for (var n = (int)Math.Max(1, from); n <= Math.Min(to, lines.Length); n++)
                if (lines[n - 1][..(lines[n - 1].Length - lines[n - 1].TrimStart(' ', '\t').Length)].Contains('\t'))
                    throw new InputException($"{source}:{n}: a tab in the indentation; YAML indents with spaces");
            if (open.FirstOrDefault(o => o.Flow) is { Line: > 0 } flow)
                throw new InputException($"{source}:{flow.Line}: a [ or {{ that is never closed, or not valid YAML inside it");
            // Anything else the load below reports, as it always has.
        }

        void Opened(long line, bool flow)
        {
            open.Push((line, flow));
            if (open.Count > MaxFlowDepth)
                throw new InputException($"{source}:{line}: values nested more than {MaxFlowDepth} deep; expected a scenario");
            Count(line);
        }

        void Count(long line)
        {
            if (++nodes > MaxWrittenNodes)
                throw new InputException($"{source}:{line}: more than {MaxWrittenNodes:N0} values; expected a scenario");
        }
    }

    /// <summary>A tree over a copy of a mapping found inside another file (a sweep's inline base scenario).</summary>
    public static YamlTree FromMapping(string source, YamlMappingNode mapping, string? directory)
    {
        var stream = new YamlStream(new YamlDocument(mapping));
        using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return Parse(source, writer.ToString(), directory);
    }

    public static YamlTree Load(string path, string what = "a scenario file") => Parse(path, BoundedFile.ReadText(path, MaxBytes, what));

    public YamlTree Clone()
    {
        var copy = Parse(Source, Serialize(), Directory);
        foreach (var (k, v) in _overrides)
            copy._overrides[k] = v;
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
        if (keys.Any(string.IsNullOrWhiteSpace))
            throw new InputException($"{origin}: '{path}' is not a key path (expected keys joined by dots, e.g. workload.rate)");
        YamlNode parsed;
        // A value is YAML like a file's, and bounded like one: its brackets' depth (a deep one would overflow the
        // parser's stack), its length, and its values once aliases are expanded.
        if (value.Length > MaxBytes)
            throw new InputException($"{origin}: a value of {value.Length:N0} characters; expected at most {MaxBytes:N0}");
        Prescan(origin, "v: " + value);
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader("v: " + value));
            if (stream.Documents.Count > 1)
                throw new InputException($"{origin}: a second YAML document (after ---); expected one value");
            parsed = ((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("v")];
            var budget = MaxExpandedNodes;
            if (!WithinBudget(parsed, ref budget))
                throw new InputException($"{origin}: more than {MaxExpandedNodes:N0} values once its aliases (*name) are expanded");
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
                throw new InputException(
                    $"{origin}: '{string.Join('.', keys[..(i + 1)])}' is a value, not a section, so '{path}' cannot be set"
                );
            node = mapping;
        }
        node.Children[new YamlScalarNode(keys[^1])] = parsed;
        _overrides[path] = origin;
    }

    internal static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
