using System.Globalization;
using System.Text.RegularExpressions;
using StallSim.PoolModel.Go;
using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Dumps;

/// <summary>
/// Reads a Go goroutine dump in the text format of <c>runtime.Stack(buf, true)</c> and of
/// <c>/debug/pprof/goroutine?debug=2</c>: for each goroutine a header <c>goroutine N [status]:</c>, then its
/// frames, each a function line and an indented <c>file:line</c> line, innermost first, then a blank line. It
/// counts the goroutines per census site, by the line map. A line it cannot read is an error naming it.
/// </summary>
public static partial class GoroutineDump
{
    public sealed record Census(string Source, string LineMap, IReadOnlyList<(Site Site, int Goroutines)> Sites, int Total)
    {
        public int At(Site site) => Sites.FirstOrDefault(s => ReferenceEquals(s.Site, site)).Goroutines;
    }

    [GeneratedRegex(@"^goroutine (\d+) \[([^\]]+)\]:\s*$")]
    private static partial Regex Header();

    [GeneratedRegex(@"^\s+(\S.*?):(\d+)(?: \+0x[0-9a-f]+)?\s*$")]
    private static partial Regex FileLine();

    /// <summary>Dumps larger than this are refused before they are read: a process of a million goroutines
    /// dumps a few GB.</summary>
    public const long MaxBytes = 4L << 30;

    /// <summary>The longest line of a dump: a frame's arguments and path are a few hundred characters.</summary>
    public const int MaxLine = 100_000;

    public static Census Read(string path, LineMap? map = null)
    {
        try
        {
            using var reader = BoundedFile.Open(path, MaxBytes, MaxLine, $"a goroutine dump of at most {MaxBytes:N0} bytes");
            return Parse(path, reader, map);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read the file ({YamlTree.FirstLine(e.Message)})");
        }
    }

    public static Census Parse(string source, TextReader reader, LineMap? map = null)
    {
        var goroutines = new List<(string Status, List<(string Function, string File, int Line)> Frames)>();
        (string Status, List<(string, string, int)> Frames)? current = null;
        string? function = null;
        var lineNo = 0;
        var sawTwin = false;
        for (var text = reader.ReadLine(); text is not null; text = reader.ReadLine())
        {
            lineNo++;
            if (text.Length > MaxLine) throw new InputException($"{source}:{lineNo}: a line of {text.Length:N0} characters; not a goroutine dump");
            if (string.IsNullOrWhiteSpace(text))
            {
                if (function is not null) throw new InputException($"{source}:{lineNo}: expected the file:line of '{function}'");
                current = null;
                continue;
            }
            var header = Header().Match(text);
            if (header.Success)
            {
                if (function is not null) throw new InputException($"{source}:{lineNo}: expected the file:line of '{function}'");
                current = (header.Groups[2].Value, []);
                goroutines.Add(current.Value);
                continue;
            }
            if (current is null)
                throw new InputException($"{source}:{lineNo}: expected 'goroutine N [status]:', got '{Clip(text)}'");
            if (function is null)
            {
                if (char.IsWhiteSpace(text[0])) throw new InputException($"{source}:{lineNo}: expected a function, got '{Clip(text)}'");
                if (text.StartsWith("...", StringComparison.Ordinal)) continue;   // "...additional frames elided..."
                function = text.StartsWith("created by ", StringComparison.Ordinal) ? text["created by ".Length..] : text;
                if (function.Contains("stallsim/twin/", StringComparison.Ordinal)) sawTwin = true;
                continue;
            }
            var fileLine = FileLine().Match(text);
            if (!fileLine.Success || !int.TryParse(fileLine.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var line))
                throw new InputException($"{source}:{lineNo}: expected an indented file:line after '{Clip(function)}', got '{Clip(text)}'");
            current.Value.Frames.Add((function, fileLine.Groups[1].Value, line));
            function = null;
        }
        if (function is not null) throw new InputException($"{source}:{lineNo}: the dump ends before the file:line of '{Clip(function)}'");
        if (goroutines.Count == 0) throw new InputException($"{source}: no goroutine in it; expected lines 'goroutine N [status]:'");
        map ??= sawTwin ? LineMap.Twin : LineMap.Release23;
        var counts = new Dictionary<Site, int>();
        foreach (var (status, frames) in goroutines)
        {
            var site = map.SiteOf(status, frames);
            counts[site] = counts.GetValueOrDefault(site) + 1;
        }
        var ordered = Server.CensusOrderWith(counts.Keys).Select(s => (s, counts[s])).ToList();
        return new Census(source, map.Name, ordered, goroutines.Count);
    }

    private static string Clip(string text) => text.Length <= 60 ? text.Trim() : text[..57].Trim() + "...";

    private static class Server
    {
        /// <summary>The sites in the tablet's census order, then the others by name, "other" last.</summary>
        public static IEnumerable<Site> CensusOrderWith(IEnumerable<Site> sites)
        {
            var set = sites.ToHashSet();
            var order = PoolModel.Server.TabletSites.CensusOrder;
            return order.Where(set.Contains)
                .Concat(set.Where(s => !order.Contains(s) && s != LineMap.Other).OrderBy(s => s.Name, StringComparer.Ordinal))
                .Concat(set.Contains(LineMap.Other) ? [LineMap.Other] : []);
        }
    }
}
