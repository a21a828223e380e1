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

        /// <summary>The same goroutines split by pool (<see cref="Dumps.LineMap.PoolOf"/>): a vttablet has several, and
        /// each has a waitlist of its own. Goroutines of no pool are grouped by their top frame.</summary>
        public IReadOnlyList<Census> Pools { get; init; } = [];

        /// <summary>The pool's name for a census of <see cref="Pools"/>; empty for the whole dump.</summary>
        public string Pool { get; init; } = "";
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
            using var reader = BoundedFile.OpenText(path, MaxBytes, MaxLine, $"a goroutine dump of at most {MaxBytes:N0} bytes");
            return Parse(path == BoundedFile.StandardInput ? BoundedFile.StandardInputName : path, reader, map);
        }
        catch (InvalidDataException e)
        {
            throw new InputException(
                $"{path}: gzipped, but not whole ({YamlTree.FirstLine(e.Message)}); expected a goroutine dump, plain or gzipped"
            );
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
            if (text.Length > MaxLine)
                throw new InputException($"{source}:{lineNo}: a line of {text.Length:N0} characters; not a goroutine dump");
            if (goroutines.Count == 0 && current is null && !string.IsNullOrWhiteSpace(text))
            {
                // The first line says which of Go's formats this is.
                if (text.StartsWith("goroutine profile: total ", StringComparison.Ordinal))
                    return ParseCounted(source, reader, text, lineNo, map);
                if (text.Any(c => char.IsControl(c) && c != '\t') || text.Contains('\uFFFD'))
                    throw new InputException(
                        $"{source}:{lineNo}: binary data, not a goroutine dump as text; a pprof profile saved from /debug/pprof/goroutine "
                            + "without ?debug= is protobuf: save it with ?debug=2 (every goroutine) or ?debug=1 (counts per stack)"
                    );
            }
            if (string.IsNullOrWhiteSpace(text))
            {
                if (function is not null)
                    throw new InputException($"{source}:{lineNo}: expected the file:line of '{function}'");
                current = null;
                continue;
            }
            var header = Header().Match(text);
            if (header.Success)
            {
                if (function is not null)
                    throw new InputException($"{source}:{lineNo}: expected the file:line of '{function}'");
                current = (header.Groups[2].Value, []);
                goroutines.Add(current.Value);
                continue;
            }
            if (current is null)
                throw new InputException(
                    $"{source}:{lineNo}: expected 'goroutine N [status]:', got '{Clip(text)}'"
                        + (
                            goroutines.Count == 0
                                ? " (a goroutine dump: runtime.Stack, /debug/pprof/goroutine?debug=2, or ?debug=1, which begins "
                                    + "'goroutine profile: total N')"
                                : ""
                        )
                );
            if (function is null)
            {
                if (char.IsWhiteSpace(text[0]))
                    throw new InputException($"{source}:{lineNo}: expected a function, got '{Clip(text)}'");
                if (text.StartsWith("...", StringComparison.Ordinal))
                    continue; // "...additional frames elided..."
                function = text.StartsWith("created by ", StringComparison.Ordinal) ? text["created by ".Length..] : text;
                if (function.Contains("stallsim/twin/", StringComparison.Ordinal))
                    sawTwin = true;
                continue;
            }
            var fileLine = FileLine().Match(text);
            if (!fileLine.Success || !int.TryParse(fileLine.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var line))
                throw new InputException($"{source}:{lineNo}: expected an indented file:line after '{Clip(function)}', got '{Clip(text)}'");
            current.Value.Frames.Add((function, fileLine.Groups[1].Value, line));
            function = null;
        }
        if (function is not null)
            throw new InputException($"{source}:{lineNo}: the dump ends before the file:line of '{Clip(function)}'");
        if (goroutines.Count == 0)
            throw new InputException(
                $"{source}: no goroutine in it; expected lines 'goroutine N [status]:' (debug=2) or 'goroutine profile: total N' (debug=1)"
            );
        return Count(
            source,
            goroutines.Select(g => (1, g.Status, (IReadOnlyList<(string, string, int)>)g.Frames)),
            map ?? (sawTwin ? LineMap.Twin : LineMap.Release23)
        );
    }

    private static Census Count(
        string source,
        IEnumerable<(int N, string Status, IReadOnlyList<(string Function, string File, int Line)> Frames)> stacks,
        LineMap map
    )
    {
        var counts = new Dictionary<Site, int>();
        var byPool = new Dictionary<string, Dictionary<Site, int>>();
        var total = 0;
        foreach (var (n, status, frames) in stacks)
        {
            var site = map.SiteOf(status, frames);
            counts[site] = counts.GetValueOrDefault(site) + n;
            var pool = map.PoolOf(site, frames);
            if (!byPool.TryGetValue(pool, out var mine))
                byPool[pool] = mine = [];
            mine[site] = mine.GetValueOrDefault(site) + n;
            total += n;
        }
        List<(Site, int)> Ordered(Dictionary<Site, int> c) => [.. Server.CensusOrderWith(c.Keys).Select(s => (s, c[s]))];
        // Pools first (the waitlists'), by size; then the goroutines of no pool, by size, then name.
        var pools = byPool
            .OrderBy(p => p.Key.StartsWith(LineMap.NoPool, StringComparison.Ordinal))
            .ThenByDescending(p => p.Value.Values.Sum())
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new Census(source, map.Name, Ordered(p.Value), p.Value.Values.Sum()) { Pool = p.Key })
            .ToList();
        return new Census(source, map.Name, Ordered(counts), total) { Pools = pools };
    }

    [GeneratedRegex(@"^goroutine profile: total (\d+)\s*$")]
    private static partial Regex CountedHeader();

    [GeneratedRegex(@"^(\d+) @( 0x[0-9a-f]+)*\s*$")]
    private static partial Regex CountedStack();

    [GeneratedRegex(@"^#\s+0x[0-9a-f]+\s+(\S+?)(?:\+0x[0-9a-f]+)?\s+(\S.*?):(\d+)\s*$")]
    private static partial Regex CountedFrame();

    /// <summary>
    /// The debug=1 goroutine profile (what /debug/pprof/goroutine?debug=1 writes, and most operators save):
    /// <c>goroutine profile: total N</c>, then for each distinct stack <c>COUNT @ 0x... 0x...</c> and its frames as
    /// <c>#	0xPC	function+0xOFF	file:line</c>, innermost first, a blank line between stacks. It gives no
    /// status, so a runnable goroutine counts at its frames' site. The counts must add up to the total.
    /// </summary>
    private static Census ParseCounted(string source, TextReader reader, string header, int lineNo, LineMap? map)
    {
        var total = int.Parse(
            CountedHeader().Match(header) is { Success: true } h
                ? h.Groups[1].Value
                : throw new InputException($"{source}:{lineNo}: expected 'goroutine profile: total N', got '{Clip(header)}'"),
            CultureInfo.InvariantCulture
        );
        var stacks = new List<(int, string, IReadOnlyList<(string, string, int)>)>();
        List<(string, string, int)>? frames = null;
        var sawTwin = false;
        for (var text = reader.ReadLine(); text is not null; text = reader.ReadLine())
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(text))
            {
                frames = null;
                continue;
            }
            var stack = CountedStack().Match(text);
            if (stack.Success)
            {
                if (!int.TryParse(stack.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
                    throw new InputException(
                        $"{source}:{lineNo}: a stack's count of goroutines, expected a whole number from 1, got '{Clip(text)}'"
                    );
                frames = [];
                stacks.Add((n, "", frames));
                continue;
            }
            var frame = CountedFrame().Match(text);
            if (
                frames is null
                || !frame.Success
                || !int.TryParse(frame.Groups[3].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var line)
            )
                throw new InputException(
                    $"{source}:{lineNo}: expected 'COUNT @ 0x...' or a frame '#\t0xPC\tfunction+0xOFF\tfile:line' of a debug=1 "
                        + $"goroutine profile, got '{Clip(text)}'"
                );
            if (frame.Groups[1].Value.Contains("stallsim/twin/", StringComparison.Ordinal))
                sawTwin = true;
            frames.Add((frame.Groups[1].Value, frame.Groups[2].Value, line));
        }
        var sum = stacks.Sum(s => (long)s.Item1);
        if (sum != total)
            throw new InputException(
                $"{source}: its stacks count {sum:N0} goroutines, its first line says {total:N0}; a debug=1 profile cut short or edited"
            );
        return Count(source, stacks, map ?? (sawTwin ? LineMap.Twin : LineMap.Release23));
    }

    private static string Clip(string text) => text.Length <= 60 ? text.Trim() : text[..57].Trim() + "...";

    private static class Server
    {
        /// <summary>The sites in the tablet's census order, then the others by name, "other" last.</summary>
        public static IEnumerable<Site> CensusOrderWith(IEnumerable<Site> sites)
        {
            var set = sites.ToHashSet();
            var order = PoolModel.Server.TabletSites.CensusOrder;
            return order
                .Where(set.Contains)
                .Concat(set.Where(s => !order.Contains(s) && s != LineMap.Other).OrderBy(s => s.Name, StringComparer.Ordinal))
                .Concat(set.Contains(LineMap.Other) ? [LineMap.Other] : []);
        }
    }
}
