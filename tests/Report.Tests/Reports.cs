using StallSim.Simulator.Cli;

namespace StallSim.Report.Tests;

/// <summary>
/// One report of each kind, made once for the browser tests by the tool itself (in-process): a run with its margins,
/// seed-stall as the README runs it, a sweep, a comparison, <c>stallsim margins</c>, and a twin comparison redone
/// from the twin's runs kept in results/ (no Go needed).
/// </summary>
public sealed class Reports : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "stallsim-report-tests", Guid.NewGuid().ToString("N"));

    public string Run => Path.Combine(Root, "run");
    public string SeedStall => Path.Combine(Root, "seed-stall");
    public string Sweep => Path.Combine(Root, "sweep");
    public string Compare => Path.Combine(Root, "compare");
    public string Margins => Path.Combine(Root, "margins");
    public string Twin => Path.Combine(Root, "twin");

    /// <summary>The margins page of seed-stall's committed margins.csv, whose boundaries lie inside the searched ranges
    /// (a search of them takes two minutes; the small scenario's margins find no change).</summary>
    public string SeedStallMargins => Path.Combine(Root, "seed-stall-margins");

    private const string Small = """
        name: small
        horizon: 40s
        seeds: [1, 2]
        pool: { capacity: 20 }
        workload:
          rate: 100/s
          trigger: { kind: slow-db, start: 15s, duration: 3s, factor: 4 }
          deadline: 2s
          service: { dist: exponential, mean: 50ms }
        census_at: [peak, 10s]
        go: { costs: { scan_per_element: cold } }
        """;

    private const string TinySweep = """
        name: tiny
        description: A small pool over two rates and two episodes.
        base:
          name: b
          horizon: 30s
          seeds: [1]
          pool: { capacity: 20 }
          workload:
            rate: 100/s
            trigger: { kind: slow-db, start: 10s, duration: 3s, factor: 4 }
            deadline: 2s
            service: { dist: exponential, mean: 50ms }
        axes:
          workload.rate: [100/s, 250/s]
          workload.trigger.duration: [2s, 6s]
        """;

    public Reports()
    {
        Directory.CreateDirectory(Root);
        var small = Write("small.yaml", Small);
        var sweep = Write("tiny.yaml", TinySweep);
        Make("run", small, "--margins", "--out", Run);
        Make("run", "seed-stall", "--out", SeedStall);
        Make("sweep", sweep, "--out", Sweep);
        Make("compare", sweep, "--out", Compare);
        Make("margins", small, "--seed", "1", "--out", Margins);
        var results = Path.Combine(RepositoryRoot, "results", "seed-stall");
        Directory.CreateDirectory(SeedStallMargins);
        File.Copy(Path.Combine(results, "margins.csv"), Path.Combine(SeedStallMargins, "margins.csv"));
        Simulator.Output.Html.MarginsHtml.Page("seed-stall", "", Table(Path.Combine(results, "summary.csv")), Table(Path.Combine(SeedStallMargins, "margins.csv")))
            .Write(Path.Combine(SeedStallMargins, "report.html"));
        var kept = Path.Combine(RepositoryRoot, "results", "seed-stall-twin", "twin-cold");
        Make("twin", "seed-stall-twin", "--cold-walk", "--reuse-twin", kept, "--seed", "1", "--seed", "2", "--out", Twin);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static Simulator.Output.CsvTable Table(string path)
    {
        var rows = Browser.ReadCsv(path);
        var header = File.ReadLines(path).First().Split(',');
        return new Simulator.Output.CsvTable(header, [.. rows.Select(r => header.Select(h => r[h]).ToArray())]);
    }

    private static void Make(params string[] args)
    {
        var code = StallSimCli.Run([.. args, "--quiet"]);
        if (code != 0) throw new InvalidOperationException($"stallsim {string.Join(' ', args)} exited {code}");
    }

    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
            if (File.Exists(Path.Combine(dir, "Simulator.sln"))) return dir;
        throw new InvalidOperationException("not inside the repository");
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
