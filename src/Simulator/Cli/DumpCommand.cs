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
        var inv = CultureInfo.InvariantCulture;
        if (options.Csv)
        {
            Console.WriteLine(string.Join(",", CsvFiles.CensusColumns));
            foreach (var c in censuses)
                foreach (var (site, n) in c.Sites)
                    Console.WriteLine($"{Path.GetFileNameWithoutExtension(c.Source)},,,{site.Name},{n.ToString(inv)}");
            return 0;
        }
        foreach (var c in censuses)
        {
            Console.WriteLine($"{c.Source}: {Words.Count(c.Total, "goroutine")} (line map {c.LineMap})");
            var width = c.Sites.Max(s => s.Site.Name.Length);
            foreach (var (site, n) in c.Sites)
                Console.WriteLine($"  {site.Name.PadRight(width)}  {n.ToString("N0", inv),10}  {(100.0 * n / c.Total).ToString("0.0", inv),5}%  {site.Description}");
            foreach (var line in StallSignature.Lines(c)) Console.WriteLine(line);
        }
        return 0;
    }
}
