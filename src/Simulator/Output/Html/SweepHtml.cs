using System.Globalization;
using System.Text.Json.Nodes;
using StallSim.PoolModel.Observe;
using StallSim.Simulator.Sweeps;

namespace StallSim.Simulator.Output.Html;

/// <summary>A sweep's (or a comparison's) report.html: per variant a heatmap over the first two axes, each cell's
/// verdict, recovery time, goodput and exact overrides on hover, taken from the rows of points.csv; a refinement's
/// cells at the size they were judged (the points it inferred, paler). A comparison adds its ranking.</summary>
public static class SweepHtml
{
    public static HtmlPage Build(
        SweepFile sweep,
        SweepGrid grid,
        CsvTable points,
        CsvTable? ranking,
        IReadOnlyDictionary<Verdict, string> colors
    )
    {
        var page = new HtmlPage($"{sweep.Name}: stallsim {(ranking is null ? "sweep" : "comparison")}");
        if (sweep.Description.Length > 0)
            page.Paragraph(sweep.Description);
        page.Paragraph(sweep.Describe(), "caption");
        if (ranking is not null)
        {
            page.Heading("Ranking");
            page.Table(ranking.Header, ranking.Rows);
        }
        page.Heading("Verdict over the grid");
        var x = grid.XAxis;
        var y = grid.YAxis;
        var yValues = y?.Values ?? ["(one row)"];
        var verdicts = colors.Keys.Order().ToList();
        foreach (var (variant, v) in grid.Variants.Select((name, i) => (name, i)))
        {
            var cells = grid.Cells[variant];
            var data = new JsonArray();
            for (var i = 0; i < x.Values.Count; i++)
            for (var j = 0; j < yValues.Count; j++)
            {
                if (cells[i, j] is not { } cell)
                    continue;
                data.Add(
                    new JsonObject
                    {
                        ["value"] = new JsonArray(i, j, verdicts.IndexOf(cell.Verdict)),
                        ["name"] = Hover(sweep, points, variant, x.Values[i], y is null ? null : yValues[j], cell),
                        ["itemStyle"] = new JsonObject { ["opacity"] = cell.Inferred ? 0.45 : 1 },
                        ["label"] = new JsonObject { ["show"] = !cell.Inferred && x.Values.Count <= 12, ["formatter"] = Label(cell) },
                    }
                );
            }
            var option = new JsonObject
            {
                ["title"] = ECharts.Title(variant, y is null ? $"columns: {x.Key}" : $"rows: {y.Key}; columns: {x.Key}"),
                ["tooltip"] = new JsonObject
                {
                    ["trigger"] = "item",
                    ["formatter"] = "{b}",
                    ["extraCssText"] = "white-space:pre-line;max-width:480px",
                },
                ["grid"] = new JsonObject
                {
                    ["left"] = 110,
                    ["right"] = 20,
                    ["top"] = 52,
                    ["bottom"] = 80,
                },
                ["xAxis"] = new JsonObject
                {
                    ["type"] = "category",
                    ["name"] = x.Key,
                    ["nameLocation"] = "middle",
                    ["nameGap"] = 30,
                    ["data"] = Strings(x.Values),
                    ["splitArea"] = new JsonObject { ["show"] = true },
                },
                ["yAxis"] = new JsonObject
                {
                    ["type"] = "category",
                    ["data"] = Strings(yValues),
                    ["splitArea"] = new JsonObject { ["show"] = true },
                },
                ["visualMap"] = new JsonObject
                {
                    ["type"] = "piecewise",
                    ["dimension"] = 2,
                    ["orient"] = "horizontal",
                    ["left"] = "center",
                    ["bottom"] = 4,
                    ["pieces"] = new JsonArray([
                        .. verdicts.Select(
                            (vd, k) =>
                                (JsonNode?)
                                    new JsonObject
                                    {
                                        ["value"] = k,
                                        ["label"] = CsvFiles.VerdictName(vd),
                                        ["color"] = colors[vd],
                                    }
                        ),
                    ]),
                },
                ["series"] = new JsonArray(
                    new JsonObject
                    {
                        ["type"] = "heatmap",
                        ["name"] = variant,
                        ["data"] = data,
                        ["label"] = new JsonObject { ["show"] = true, ["fontSize"] = 11 },
                    }
                ),
            };
            page.Chart($"heatmap-{v}", option, height: Math.Clamp(140 + 34 * yValues.Count, 220, 640));
        }
        page.Paragraph(
            "Hover a cell for its runs (points.csv): each seed's verdict, recovery time and final goodput, and the exact overrides it "
                + "ran with. "
                + "A label gives the recovery time (the median of the cell's runs), or 'stalled'.",
            "caption"
        );
        return page;
    }

    /// <summary>A cell's label: the recovery time, and where goodput came back at once, the time the waitlist took
    /// to drain, which tells such cells apart.</summary>
    private static string Label(SweepGrid.Cell cell) =>
        cell.Verdict switch
        {
            Verdict.Metastable => "stalled",
            Verdict.Stable => "stable",
            Verdict.NoBaseline => "n/a",
            _ when cell.RecoveryS is 0 && cell.DrainS is { } d => $"0 s, drained in {d.ToString("0.#", CultureInfo.InvariantCulture)} s",
            _ => cell.RecoveryS is { } r ? $"{r.ToString("0.#", CultureInfo.InvariantCulture)} s" : CsvFiles.VerdictName(cell.Verdict),
        };

    /// <summary>What a cell holds, from points.csv's rows of that cell (a design of a comparison is "variant, key=value").</summary>
    private static string Hover(SweepFile sweep, CsvTable points, string variant, string xValue, string? yValue, SweepGrid.Cell cell)
    {
        var lines = new List<string> { $"{variant}: {CsvFiles.VerdictName(cell.Verdict)}{cell.Share}" };
        if (cell.Inferred)
        {
            lines.Add("not run: inside a refined cell whose corners agreed");
            lines.Add(Overrides(sweep, [xValue, .. yValue is null ? Array.Empty<string>() : [yValue]]));
            return string.Join("\n", lines);
        }
        int xi = points.Column(sweep.Axes[0].Key),
            vi = points.Column("variant"),
            si = points.Column("seed"),
            verdict = points.Column("verdict"),
            recovery = points.Column("recovery_s"),
            drain = points.Column("drain_s"),
            goodput = points.Column("final_goodput_per_s");
        var yi = yValue is null ? -1 : points.Column(sweep.Axes[1].Key);
        var baseVariant = variant.Split(", ")[0];
        var rows = points
            .Rows.Where(r =>
                r[xi] == xValue
                && (yi < 0 || r[yi] == yValue)
                && r[vi] == baseVariant
                && (
                    !variant.Contains(", ", StringComparison.Ordinal)
                    || Extra(sweep, points, r).All(e => variant.Contains(e, StringComparison.Ordinal))
                )
            )
            .ToList();
        foreach (var r in rows)
            lines.Add(
                $"seed {r[si]}: {r[verdict]}, recovery {Or(r[recovery])} s, drain {Or(r[drain])} s, final goodput {Or(r[goodput])}/s"
                    + (sweep.Axes.Count > 2 ? $" ({string.Join(", ", Extra(sweep, points, r))})" : "")
            );
        lines.Add(Overrides(sweep, [.. sweep.Axes.Take(2).Select(a => a.Key == sweep.Axes[0].Key ? xValue : yValue!)]));
        return string.Join("\n", lines);
    }

    private static IEnumerable<string> Extra(SweepFile sweep, CsvTable points, string[] row) =>
        sweep.Axes.Skip(2).Select(a => $"{a.Key.Split('.')[^1]}={row[points.Column(a.Key)]}");

    private static string Overrides(SweepFile sweep, IReadOnlyList<string> values) =>
        "ran with --set "
        + string.Join(" --set ", sweep.Axes.Take(values.Count).Select((a, i) => $"{a.Key}={values[i]}"))
        + $" on {sweep.BaseTree.Source}";

    private static string Or(string s) => s.Length == 0 ? "–" : s;

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
}
