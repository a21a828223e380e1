using System.Globalization;
using StallSim.Simulator.Dumps;
using StallSim.Simulator.Output;
using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Cli;

/// <summary><c>stallsim dump FILE...</c>: the census of real goroutine dumps, to hold beside a simulated one.</summary>
public static class DumpCommand
{
    public static int Execute(DumpOptions options)
    {
        LineMap? map = null;
        if (options.LineMap is { } name)
            map = LineMap.All.FirstOrDefault(m => m.Name == name)
                ?? throw new InputException($"--line-map {name}: expected one of {string.Join(", ", LineMap.All.Select(m => m.Name))}");
        var censuses = options.Files.Select(f => GoroutineDump.Read(f, map)).ToList();
        if (options.Against is { } run)
        {
            if (censuses.Count != 1)
                throw new InputException($"--against {run}: one dump at a time, got {censuses.Count}");
            return DumpAgainst.Execute(censuses[0], run, options.Out, quiet: false);
        }
        if (options.Out is not null)
            throw new InputException("--out: only with --against");
        var inv = CultureInfo.InvariantCulture;
        if (options.Csv)
        {
            CsvFiles.WriteRows(
                Console.Out,
                CsvFiles.CensusColumns,
                censuses.SelectMany(c =>
                    c.Sites.Select(kv =>
                        (IEnumerable<string>)[Path.GetFileNameWithoutExtension(c.Source), "", "", kv.Site.Name, kv.Goroutines.ToString(inv)]
                    )
                )
            );
            return 0;
        }
        foreach (var c in censuses)
        {
            Console.WriteLine($"{c.Source}: {Words.Count(c.Total, "goroutine")} (line map {c.LineMap})");
            var all = c.Sites.Max(s => s.Site.Name.Length);
            foreach (var (site, n) in c.Sites)
                Console.WriteLine(
                    $"  {site.Name.PadRight(all)}  {n.ToString("N0", inv), 10}  {(100.0 * n / c.Total).ToString("0.0", inv), 5}%  "
                        + $"{site.Description}"
                );
            var pools = c.Pools.Where(p => !p.Pool.StartsWith(LineMap.NoPool, StringComparison.Ordinal)).ToList();
            foreach (var pool in pools)
            {
                Console.WriteLine($"{pool.Pool}: {Words.Count(pool.Total, "goroutine")}");
                var width = pool.Sites.Max(s => s.Site.Name.Length);
                foreach (var (site, n) in pool.Sites)
                    Console.WriteLine(
                        $"  {site.Name.PadRight(width)}  {n.ToString("N0", inv), 10}  "
                            + $"{(100.0 * n / pool.Total).ToString("0.0", inv), 5}%  {site.Description}"
                    );
                foreach (var line in StallSignature.Lines(pool))
                    Console.WriteLine(line);
            }
            var others = c.Pools.Where(p => p.Pool.StartsWith(LineMap.NoPool, StringComparison.Ordinal)).ToList();
            if (others.Count > 0)
            {
                Console.WriteLine($"in no pool: {Words.Count(others.Sum(o => o.Total), "goroutine")}, by top frame");
                foreach (var o in others.Take(20))
                    Console.WriteLine($"  {o.Pool[LineMap.NoPool.Length..]}  {o.Total.ToString("N0", inv)}");
                if (others.Count > 20)
                    Console.WriteLine($"  ... and {Words.Count(others.Count - 20, "other group")}");
            }
            if (pools.Count == 0)
                Console.WriteLine("  no goroutine of a pool's waitlist in this dump");
        }
        return 0;
    }
}
