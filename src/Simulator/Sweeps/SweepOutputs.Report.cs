using System.Text;
using ScottPlot;
using StallSim.PoolModel.Observe;
using StallSim.Simulator.Output;

namespace StallSim.Simulator.Sweeps;

/// <summary>A sweep's report.md: what ran, the verdicts per variant, the grid as tables.</summary>
public static partial class SweepOutputs
{
    private static string Report(SweepFile sweep, SweepGrid grid, IReadOnlyList<PointResult> results, string? extraSections)
    {
        var md = new StringBuilder();
        md.AppendLine($"# sweep: {sweep.Name}").AppendLine();
        if (sweep.Description.Length > 0)
            md.AppendLine($"> {sweep.Description.Trim()}").AppendLine();
        var runs = results.SelectMany(r => r.Runs).ToList();
        md.AppendLine(
                $"{Words.Count(results.Count, "point")}, {Words.Count(runs.Count, "run")}. Axes: "
                    + string.Join("; ", sweep.Axes.Select(a => $"`{a.Key}` ∈ {{{string.Join(", ", a.Values)}}}"))
                    + "."
            )
            .AppendLine();
        if (ProfileLine.For(results.Take(1000).Select(r => sweep.ScenarioAt(r.Point))) is { Length: > 0 } profile)
            md.AppendLine(profile).AppendLine();
        if (sweep.Refine > 0)
        {
            var full = sweep.Axes[0].Values.Count * sweep.Axes[1].Values.Count;
            var coarse = (
                X: sweep.Axes[0].Range!.Value.Steps / (1 << sweep.Refine) + 1,
                Y: sweep.Axes[1].Range!.Value.Steps / (1 << sweep.Refine) + 1
            );
            var (nx, ny) = (sweep.Axes[0].Values.Count, sweep.Axes[1].Values.Count);
            md.AppendLine(
                    $"Refined {Words.Count(sweep.Refine, "time")} from a "
                        + $"{coarse.X}×{coarse.Y} grid: "
                        + $"{results.Count} of the {full} points of the {nx}×{ny} grid ran "
                        + $"({100.0 * results.Count / full:0}%), by level: "
                        + string.Join(", ", results.GroupBy(r => r.Level).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"))
                        + ". The others lie inside cells whose corners agree, and take their verdict."
                )
                .AppendLine();
        }
        if (extraSections is not null)
            md.AppendLine(extraSections);
        md.AppendLine("| variant | stable | recovered | metastable | median recovery (s) |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var variant in grid.Variants)
        {
            var mine = runs.Where(r => r.Variant == variant).ToList();
            var rec = mine.Where(r => r.RecoveryS is not null).Select(r => r.RecoveryS!.Value).Order().ToList();
            var median = rec.Count == 0 ? "–" : rec[rec.Count / 2].ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
            md.AppendLine(
                $"| {variant} | {mine.Count(r => r.Verdict == Verdict.Stable)} | {mine.Count(r => r.Verdict == Verdict.Recovered)} | "
                    + $"{mine.Count(r => r.Verdict == Verdict.Metastable)} | "
                    + $"{median} |"
            );
        }
        md.AppendLine().AppendLine("![verdict per point](heatmap.png)").AppendLine();
        var extra = grid.ExtraAxes.Count == 0 ? "" : $" (worst over {string.Join(", ", grid.ExtraAxes)})";
        foreach (var variant in grid.Variants)
        {
            md.AppendLine($"### {variant}{extra}").AppendLine();
            string Cell(SweepGrid.Cell? cell) =>
                cell is null ? ""
                : cell.Inferred ? $"({CsvFiles.VerdictName(cell.Verdict)})"
                : CsvFiles.VerdictName(cell.Verdict)
                    + (cell.Verdict == Verdict.Recovered && cell.RecoveryS is { } r ? $" {r:0.#}s" : "")
                    + cell.Share;
            if (grid.YAxis is null)
            {
                // One axis: a row per value.
                md.AppendLine($"| {grid.XAxis.Key} | verdict |").AppendLine("|---|---|");
                for (var x = 0; x < grid.XAxis.Values.Count; x++)
                    md.AppendLine($"| {grid.XAxis.Values[x]} | {Cell(grid.Cells[variant][x, 0])} |");
            }
            else
            {
                md.Append($"| {grid.YAxis.Key} \\ {grid.XAxis.Key} |").AppendLine(string.Concat(grid.XAxis.Values.Select(x => $" {x} |")));
                md.Append("|---|").AppendLine(string.Concat(grid.XAxis.Values.Select(_ => "---|")));
                for (var y = grid.YAxis.Values.Count - 1; y >= 0; y--)
                    md.Append($"| {grid.YAxis.Values[y]} |")
                        .AppendLine(
                            string.Concat(Enumerable.Range(0, grid.XAxis.Values.Count).Select(x => $" {Cell(grid.Cells[variant][x, y])} |"))
                        );
            }
            md.AppendLine();
        }
        md.AppendLine("![recovery time](recovery.png)").AppendLine();
        md.AppendLine("## Sweep").AppendLine().AppendLine("```yaml").Append(sweep.Canonical.TrimEnd()).AppendLine().AppendLine("```");
        return md.ToString();
    }
}
