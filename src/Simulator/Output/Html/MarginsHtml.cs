using System.Text.Json.Nodes;

namespace StallSim.Simulator.Output.Html;

/// <summary>The margins as report.html shows them (margins.csv): for each axis a chart, one row per variant, with the
/// scenario's value and the interval in which the verdict changes (its two ends); a variant whose verdict does not change within
/// the searched range says so in the table beside.</summary>
public static class MarginsHtml
{
    /// <summary>The report.html of <c>stallsim margins</c>: the scenario's verdicts, then the margins.</summary>
    public static HtmlPage Page(string scenarioName, string profileLine, CsvTable summary, CsvTable margins)
    {
        var page = new HtmlPage($"{scenarioName}: margins");
        if (profileLine.Length > 0)
            page.Paragraph(profileLine, "caption");
        int v = summary.Column("variant"),
            s = summary.Column("seed"),
            verdict = summary.Column("verdict"),
            recovery = summary.Column("recovery_s");
        page.Heading("Verdicts at the scenario's point");
        page.Table(
            ["variant", "seed", "verdict", "recovery (s)"],
            summary.Rows.Select(r => (IReadOnlyList<string>)[r[v], r[s], r[verdict], r[recovery].Length == 0 ? "–" : r[recovery]])
        );
        Chart(page, margins);
        return page;
    }

    public static void Chart(HtmlPage page, CsvTable margins)
    {
        page.Heading("How far from the stall: the margins");
        int variant = margins.Column("variant"),
            axis = margins.Column("axis"),
            unit = margins.Column("unit"),
            value = margins.Column("scenario_value"),
            verdict = margins.Column("verdict"),
            low = margins.Column("boundary_low"),
            high = margins.Column("boundary_high"),
            beyond = margins.Column("verdict_beyond"),
            note = margins.Column("note"),
            key = margins.Column("key");
        page.Table(
            ["variant", "axis", "key", "scenario's value", "verdict", "changes between", "to", "note"],
            margins.Rows.Select(r =>
                (IReadOnlyList<string>)
                    [
                        r[variant],
                        r[axis],
                        r[key],
                        Number(r[value]) is null ? r[value] : $"{r[value]} {r[unit]}",
                        r[verdict],
                        r[low].Length == 0 ? "–" : $"{r[low]} and {r[high]} {r[unit]}",
                        r[beyond].Length == 0 ? "–" : r[beyond],
                        r[note],
                    ]
            )
        );
        foreach (var name in margins.Rows.Select(r => r[axis]).Distinct())
        {
            var rows = margins.Rows.Where(r => r[axis] == name).ToList();
            var variants = rows.Select(r => r[variant]).Distinct().ToList();
            JsonArray Points(Func<string[], string> pick) =>
                new([
                    .. rows.Select(r => Number(pick(r)) is { } x ? (JsonNode)new JsonArray(x, variants.IndexOf(r[variant])) : null)
                        .Where(x => x is not null),
                ]);
            if (rows.All(r => Number(r[value]) is null && Number(r[low]) is null))
                continue; // nothing to place: the table says why
            var series = new JsonArray(
                Scatter("the scenario's value", Points(r => r[value]), "diamond", "#333"),
                Scatter("the boundary: its lower end", Points(r => r[low]), "circle", "#ff7f0e"),
                Scatter("the boundary: its upper end", Points(r => r[high]), "triangle", "#ff7f0e")
            );
            var option = new JsonObject
            {
                ["title"] = ECharts.Title($"{name} ({rows[0][unit]})"),
                ["legend"] = new JsonObject { ["top"] = 24, ["left"] = 8 },
                ["tooltip"] = new JsonObject { ["trigger"] = "item" },
                ["grid"] = new JsonObject
                {
                    ["left"] = 90,
                    ["right"] = 30,
                    ["top"] = 60,
                    ["bottom"] = 40,
                },
                ["xAxis"] = new JsonObject
                {
                    ["type"] = "value",
                    ["name"] = rows[0][unit],
                    ["scale"] = true,
                },
                ["yAxis"] = new JsonObject
                {
                    ["type"] = "category",
                    ["data"] = new JsonArray([.. variants.Select(x => (JsonNode?)JsonValue.Create(x))]),
                },
                ["series"] = series,
            };
            page.Chart($"margins-{name}", option, height: 110 + 40 * variants.Count);
        }
    }

    private static JsonObject Scatter(string name, JsonArray data, string symbol, string color) =>
        new()
        {
            ["type"] = "scatter",
            ["name"] = name,
            ["data"] = data,
            ["symbol"] = symbol,
            ["symbolSize"] = 12,
            ["itemStyle"] = new JsonObject { ["color"] = color },
        };

    private static double? Number(string text) => CsvTable.Number(text);
}
