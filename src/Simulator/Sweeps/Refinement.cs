namespace StallSim.Simulator.Sweeps;

/// <summary>
/// <c>sweep --refine K</c>: the boundary between verdicts located without running the whole fine grid. The coarse
/// grid (every 2^K-th point of the fine one) runs first; then, K times, every cell whose four corners do not all
/// have the same verdicts (every variant and seed) is split in four, and only the new corners run. Cells whose
/// corners agree are taken to be uniform. Which points run depends only on verdicts, never on --jobs, and each
/// level's points are journalled like any sweep's, so a refinement killed midway resumes where it stopped.
/// </summary>
public static class Refinement
{
    /// <summary>A square of the fine grid: its lower-left corner (I along the first axis, J along the second) and
    /// its side, in fine-grid steps.</summary>
    public readonly record struct Cell(int I, int J, int Size);

    public sealed record Outcome(IReadOnlyList<PointResult> Results, IReadOnlyList<Cell> Leaves);

    public static Outcome Run(SweepFile sweep, string outDir, int jobs, Action<int, int, double>? progress = null)
    {
        SweepRunner.PrepareOutput(sweep, outDir);
        var ny = sweep.Axes[1].Values.Count;
        var all = sweep.Points();
        var ran = new Dictionary<int, PointResult>();
        IReadOnlyDictionary<(int I, int J), string> RunLevel(IReadOnlyList<(int I, int J)> nodes, int level)
        {
            var todo = nodes.Select(n => all[n.I * ny + n.J]).ToList();
            foreach (var r in SweepRunner.RunPoints(sweep, outDir, todo, jobs, progress, level))
                ran[r.Point.Index] = r with { Level = level };
            return nodes.ToDictionary(n => n, n => Signature(ran[n.I * ny + n.J]));
        }
        var leaves = Plan(sweep.Axes[0].Values.Count, ny, sweep.Refine, RunLevel);
        return new Outcome([.. ran.Values.OrderBy(r => r.Point.Index)], leaves);
    }

    /// <summary>The refinement itself, on a fine grid of <paramref name="nx"/> × <paramref name="ny"/> points refined
    /// <paramref name="k"/> times: <paramref name="runLevel"/> runs the points it is given (none twice) at a level
    /// and returns each one's verdict signature. Returns the cells left unsplit (corners agreeing, or of side 1).</summary>
    public static IReadOnlyList<Cell> Plan(
        int nx,
        int ny,
        int k,
        Func<IReadOnlyList<(int I, int J)>, int, IReadOnlyDictionary<(int I, int J), string>> runLevel
    )
    {
        var known = new Dictionary<(int I, int J), string>();
        void Level(IEnumerable<Cell> cells, int level)
        {
            var todo = cells.SelectMany(Corners).Distinct().Where(n => !known.ContainsKey(n)).OrderBy(n => n.I).ThenBy(n => n.J).ToList();
            foreach (var (node, signature) in runLevel(todo, level))
                known[node] = signature;
        }
        var step = 1 << k;
        var cells = new List<Cell>();
        for (var i = 0; i + step < nx; i += step)
        for (var j = 0; j + step < ny; j += step)
            cells.Add(new Cell(i, j, step));
        Level(cells, 0);
        var leaves = new List<Cell>();
        for (var level = 1; level <= k; level++)
        {
            var split = new List<Cell>();
            foreach (var c in cells)
            {
                if (Corners(c).Select(n => known[n]).Distinct().Count() > 1)
                    split.Add(c);
                else
                    leaves.Add(c);
            }
            cells =
            [
                .. split.SelectMany(c =>
                {
                    var h = c.Size / 2;
                    return new[]
                    {
                        new Cell(c.I, c.J, h),
                        new Cell(c.I + h, c.J, h),
                        new Cell(c.I, c.J + h, h),
                        new Cell(c.I + h, c.J + h, h),
                    };
                }),
            ];
            Level(cells, level);
        }
        leaves.AddRange(cells);
        return leaves;
    }

    private static IEnumerable<(int I, int J)> Corners(Cell c) =>
        [(c.I, c.J), (c.I + c.Size, c.J), (c.I, c.J + c.Size), (c.I + c.Size, c.J + c.Size)];

    /// <summary>What must agree at a cell's corners: the verdict of every variant and seed.</summary>
    private static string Signature(PointResult r) => string.Join(",", r.Runs.Select(s => $"{s.Variant}/{s.Seed}={s.Verdict}"));

    /// <summary>The fine grid as the heatmap draws it: the points that ran, and, inside each cell whose corners
    /// agreed, the points that did not run, carrying the corners' verdicts (and no recovery time) and marked
    /// inferred (level −1).</summary>
    public static IReadOnlyList<PointResult> Filled(SweepFile sweep, Outcome outcome)
    {
        var ny = sweep.Axes[1].Values.Count;
        var all = sweep.Points();
        var byIndex = outcome.Results.ToDictionary(r => r.Point.Index);
        var filled = new Dictionary<int, PointResult>(byIndex);
        foreach (var c in outcome.Leaves)
        {
            var corner = byIndex[c.I * ny + c.J];
            for (var i = c.I; i <= c.I + c.Size; i++)
            for (var j = c.J; j <= c.J + c.Size; j++)
            {
                var index = i * ny + j;
                if (filled.ContainsKey(index))
                    continue;
                filled[index] = new PointResult(all[index], [.. corner.Runs.Select(s => s with { RecoveryS = null })]) { Level = -1 };
            }
        }
        return [.. filled.Values.OrderBy(r => r.Point.Index)];
    }
}
