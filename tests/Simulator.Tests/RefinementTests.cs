using StallSim.Simulator.Sweeps;

namespace StallSim.Simulator.Tests;

/// <summary><c>sweep --refine</c>: the boundary of a known verdict field found at the fine grid's resolution from a
/// coarse one, with a fraction of its runs; and the command's refusals.</summary>
[Collection("cli")]
public class RefinementTests
{
    /// <summary>Runs the refinement over a verdict field given by a function of the fine-grid point.</summary>
    private static (IReadOnlyList<Refinement.Cell> Leaves, HashSet<(int, int)> Ran, Dictionary<(int, int), int> Levels) Refine(
        int n, int k, Func<int, int, string> field)
    {
        var ran = new HashSet<(int, int)>();
        var levels = new Dictionary<(int, int), int>();
        var leaves = Refinement.Plan(n, n, k, (nodes, level) =>
        {
            foreach (var node in nodes)
            {
                Assert.True(ran.Add(node), $"{node} ran twice");
                levels[node] = level;
            }
            return nodes.ToDictionary(x => x, x => field(x.I, x.J));
        });
        return (leaves, ran, levels);
    }

    /// <summary>Every cell of the full fine grid whose corners disagree: the boundary.</summary>
    private static List<(int, int)> Boundary(int n, Func<int, int, string> field)
    {
        var cells = new List<(int, int)>();
        for (var i = 0; i + 1 < n; i++)
            for (var j = 0; j + 1 < n; j++)
                if (new[] { field(i, j), field(i + 1, j), field(i, j + 1), field(i + 1, j + 1) }.Distinct().Count() > 1) cells.Add((i, j));
        return cells;
    }

    public static TheoryData<string> Fields => new() { "diagonal", "corner", "band" };

    private static Func<int, int, string> FieldNamed(string name) => name switch
    {
        "diagonal" => (i, j) => i + 2 * j > 30 ? "metastable" : "recovered",       // the shape of metastable-map's cliff
        "corner" => (i, j) => i >= 11 && j >= 5 ? "metastable" : "recovered",
        _ => (i, j) => j is >= 6 and <= 9 ? "metastable" : i > 12 ? "stable" : "recovered",
    };

    [Theory]
    [MemberData(nameof(Fields))]
    public void A_3x3_grid_refined_3_times_finds_every_boundary_cell_of_the_17x17_grid(string name)
    {
        var field = FieldNamed(name);
        var (leaves, ran, levels) = Refine(17, 3, field);
        var unit = leaves.Where(c => c.Size == 1).Select(c => (c.I, c.J)).ToHashSet();
        foreach (var cell in Boundary(17, field)) Assert.Contains(cell, unit);
        Assert.Equal(9, levels.Count(l => l.Value == 0));   // the coarse grid
        Assert.True(ran.Count < 17 * 17, $"{ran.Count} runs of 289");
        // Every point that did not run lies in a cell whose corners ran and agree, and takes their verdict.
        foreach (var c in leaves.Where(c => c.Size > 1))
            for (var i = c.I; i <= c.I + c.Size; i++)
                for (var j = c.J; j <= c.J + c.Size; j++)
                    Assert.Equal(field(c.I, c.J), field(i, j));
    }

    [Fact]
    public void A_uniform_field_runs_the_coarse_grid_only()
    {
        var (leaves, ran, _) = Refine(17, 3, (_, _) => "stable");
        Assert.Equal(9, ran.Count);
        Assert.Equal(4, leaves.Count);
    }

    private static string Sweep(string text)
    {
        var dir = CliHarness.TempDir();
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "sweep.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    private const string Base = "name: r\nbase: { name: b, horizon: 20s, seeds: [1], variants: [buggy], workload: { rate: 20/s } }\n";

    public static TheoryData<string, string, string[], string[]> BadRefinements => new()
    {
        { "a list axis", Base + "axes:\n  workload.rate: [10/s, 20/s]\n  pool.capacity: { from: 5, to: 9, steps: 3 }\n", ["--refine", "2"], ["--refine 2", "each a range", "not all ranges"] },
        { "three axes", Base + "axes:\n  workload.rate: { from: 10/s, to: 20/s, steps: 3 }\n  pool.capacity: { from: 5, to: 9, steps: 3 }\n  horizon: { from: 20s, to: 30s, steps: 2 }\n", ["--refine", "1"], ["exactly two axes", "3 axes"] },
        { "too many refinements", Base + "axes:\n  workload.rate: { from: 10/s, to: 20/s, steps: 3 }\n  horizon: { from: 20s, to: 30s, steps: 3 }\n", ["--refine", "7"], ["--refine 7", "from 1 to 6"] },
        { "with a shard", Base + "axes:\n  workload.rate: { from: 10/s, to: 20/s, steps: 3 }\n  horizon: { from: 20s, to: 30s, steps: 3 }\n", ["--refine", "1", "--shard", "1/2"], ["--refine with --shard 1/2", "unsharded"] },
    };

    [Theory]
    [MemberData(nameof(BadRefinements))]
    public void A_refinement_the_sweep_cannot_take_is_refused(string label, string yaml, string[] flags, string[] fragments)
    {
        var outDir = CliHarness.TempDir();
        BadInputTests.AssertRejectedAs(label, CliHarness.Run(["sweep", Sweep(yaml), "--out", outDir, "--quiet", .. flags]), outDir, fragments);
    }

    [Fact]
    public void A_refined_sweep_writes_its_levels_and_gives_the_same_points_whatever_the_jobs()
    {
        var yaml = Base + "axes:\n  workload.rate: { from: 10/s, to: 40/s, steps: 2 }\n  pool.capacity: { from: 1, to: 9, steps: 2 }\n";
        var one = CliHarness.TempDir();
        var two = CliHarness.TempDir();
        Assert.Equal(0, CliHarness.Run("sweep", Sweep(yaml), "--refine", "2", "--out", one, "--quiet", "--jobs", "1").Code);
        Assert.Equal(0, CliHarness.Run("sweep", Sweep(yaml), "--refine", "2", "--out", two, "--quiet", "--jobs", "2").Code);
        var points = File.ReadAllLines(Path.Combine(one, "points.csv"));
        Assert.Equal("workload.rate,pool.capacity,refine_level", string.Join(",", points[0].Split(',').Take(3)));
        Assert.Equal(points, File.ReadAllLines(Path.Combine(two, "points.csv")));
        Assert.Contains("Refined 2 times from a 2×2 grid", File.ReadAllText(Path.Combine(one, "report.md")));
    }

    [Fact]
    public void Compare_ranks_the_designs_and_writes_compare_csv()
    {
        var yaml = "name: c\nbase: { name: b, horizon: 40s, seeds: [1], pool: { capacity: 10 }, workload: { rate: 40/s, trigger: { kind: slow-db, start: 15s, duration: 5s, factor: 5 } } }\n" +
                   "variants: [buggy, fixed, codel]\naxes:\n  workload.rate: [40/s, 60/s]\n  pool.capacity: [10, 20]\n  workload.retries.budget: [none, { ratio: 0.1 }]\n";
        var outDir = CliHarness.TempDir();
        var outcome = CliHarness.Run("compare", Sweep(yaml), "--out", outDir, "--quiet");
        Assert.Equal(0, outcome.Code);
        var rows = File.ReadAllLines(Path.Combine(outDir, "compare.csv"));
        Assert.StartsWith("rank,variant,runs,", rows[0]);
        Assert.Equal(7, rows.Length);   // 3 variants × 2 budgets
        var ranks = rows.Skip(1).Select(r => int.Parse(r.Split(',')[0])).ToList();
        Assert.Equal(1, ranks[0]);
        Assert.Equal(ranks.Order(), ranks);   // rows in rank order, ties sharing a rank
        Assert.Contains(rows, r => r.Contains("\"codel, budget={ratio: 0.1}\"") || r.Contains("codel, budget={ratio: 0.1}"));
        Assert.Contains("## Ranking", File.ReadAllText(Path.Combine(outDir, "report.md")));
    }
}
