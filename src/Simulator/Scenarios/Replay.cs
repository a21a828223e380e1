using System.Globalization;
using CsvHelper;
using StallSim.Engine;
using StallSim.PoolModel;

namespace StallSim.Simulator.Scenarios;

/// <summary><c>workload.replay</c>: a production traffic curve as a CSV file with the columns <c>t_s</c> and
/// <c>rate_per_s</c>, read with the scenario and checked row by row.</summary>
internal static class Replay
{
    /// <summary>Rows a replayed curve may have: a day at one row per second is 86,400.</summary>
    public const int MaxRows = 1_000_000;

    public static Scenario Read(Section s, string key, Scenario sc)
    {
        var name = s.Scalar(key, "", "a CSV file path", t => t);
        string path,
            text;
        try
        {
            (path, text) = ReadFile(s.Tree, name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw s.Error(s.Node(key), key, $"a readable CSV file ({YamlTree.FirstLine(e.Message)})", name);
        }
        catch (InputException e)
        {
            // The file's own refusal (not a regular file, too large, missing), blamed on the key that names it.
            throw s.Error(s.Node(key), key, $"a readable CSV file ({e.Message})", name);
        }
        var rows = new List<(long, double)>();
        string Where(long line) => $"{path}:{line}";
        try
        {
            using var csv = CsvReader.Create(new StringReader(text), CsvReaderOptions.Default with { HasHeader = false });
            var line = 0L;
            while (csv.Read())
            {
                line++;
                var fields = Enumerable.Range(0, csv.FieldCount).Select(csv.GetString).ToArray();
                if (line == 1)
                {
                    if (fields is not ["t_s", "rate_per_s"])
                        throw new InputException($"{Where(1)}: expected the header t_s,rate_per_s");
                    continue;
                }
                if (fields.Length != 2)
                    throw new InputException($"{Where(line)}: expected two fields, t_s and rate_per_s");
                if (rows.Count == MaxRows)
                    throw new InputException($"{Where(line)}: expected at most {MaxRows:N0} rows");
                if (
                    !double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var t)
                    || !double.IsFinite(t)
                    || t < 0
                    || t > 1e9
                )
                    throw new InputException($"{Where(line)}: t_s: expected seconds from 0, got '{fields[0]}'");
                if (
                    !double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var rate)
                    || !double.IsFinite(rate)
                    || rate < 0
                    || rate > 1e9
                )
                    throw new InputException($"{Where(line)}: rate_per_s: expected a non-negative number, got '{fields[1]}'");
                var at = Units.FromSeconds(t);
                if (rows.Count == 0 && at != 0)
                    throw new InputException($"{Where(line)}: t_s: expected the first row at 0");
                if (rows.Count > 0 && at <= rows[^1].Item1)
                    throw new InputException($"{Where(line)}: t_s: expected times in increasing order");
                rows.Add((at, rate));
            }
        }
        catch (Exception e) when (e is not InputException && e is FormatException or InvalidOperationException)
        {
            throw new InputException($"{path}: not valid CSV ({YamlTree.FirstLine(e.Message)})");
        }
        if (rows.Count == 0)
            throw new InputException($"{Where(1)}: expected at least one row after the header");
        return sc with { Workload = sc.Workload with { Replay = rows, ReplaySource = name } };
    }

    /// <summary>A replay file beside the scenario file; for a shipped scenario, the shipped file of that name.</summary>
    private static (string Path, string Text) ReadFile(YamlTree tree, string name)
    {
        if (tree.Directory is null && tree.Source.StartsWith("embedded:", StringComparison.Ordinal))
            return (
                $"embedded:{name}",
                ShippedScenarios.ReadCompanion(name) ?? throw new FileNotFoundException($"no shipped file '{name}'")
            );
        var dir = tree.Directory;
        var path = Path.IsPathRooted(name) || dir is null ? name : Path.Combine(dir, name);
        return (path, BoundedFile.ReadText(path, 64L << 20, "a replay file (t_s,rate_per_s) of at most 64 MB"));
    }
}
