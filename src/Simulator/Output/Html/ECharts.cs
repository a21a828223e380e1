using System.Text.Json.Nodes;
using StallSim.PoolModel;
using StallSim.PoolModel.Workload;

namespace StallSim.Simulator.Output.Html;

/// <summary>The ECharts options report.html's charts share: time charts over a table's rows of one run each, trigger
/// bands, and the parts every chart has (legend, tooltip, zoom). Options only: ECharts draws.</summary>
public static class ECharts
{
    /// <summary>A line over one run's rows: dataset <paramref name="datasetIndex"/>, x from t_s, y from
    /// <paramref name="column"/>.</summary>
    public static JsonObject Line(
        string name,
        int datasetIndex,
        string column,
        string color,
        string style = "solid",
        double width = 1.6,
        double opacity = 1
    ) =>
        new()
        {
            ["type"] = "line",
            ["name"] = name,
            ["datasetIndex"] = datasetIndex,
            ["encode"] = new JsonObject { ["x"] = "t_s", ["y"] = column },
            ["showSymbol"] = false,
            ["symbolSize"] = 3,
            ["sampling"] = "none",
            ["lineStyle"] = new JsonObject
            {
                ["color"] = color,
                ["type"] = style,
                ["width"] = width,
                ["opacity"] = opacity,
            },
            ["itemStyle"] = new JsonObject { ["color"] = color },
        };

    /// <summary>The table itself, then one filter per run: the rows of one variant and seed.</summary>
    public static JsonArray RunDatasets(string table, IEnumerable<(string Variant, double Seed)> runs)
    {
        var datasets = new JsonArray(new JsonObject { ["table"] = table });
        foreach (var (variant, seed) in runs)
            datasets.Add(
                new JsonObject
                {
                    ["fromDatasetIndex"] = 0,
                    ["transform"] = new JsonObject
                    {
                        ["type"] = "filter",
                        ["config"] = new JsonObject
                        {
                            ["and"] = new JsonArray(
                                new JsonObject { ["dimension"] = "variant", ["="] = variant },
                                new JsonObject { ["dimension"] = "seed", ["="] = seed }
                            ),
                        },
                    },
                }
            );
        return datasets;
    }

    /// <summary>A chart over virtual time: value axes from 0, an axis tooltip, a scrolling legend, inside zoom on x
    /// (and a slider under it when <paramref name="slider"/>), a toolbox to reset the zoom or save a picture.</summary>
    public static JsonObject TimeChart(
        string title,
        string yName,
        double horizonS,
        JsonArray datasets,
        JsonArray series,
        bool slider,
        string xName = "virtual time (s)"
    )
    {
        var zoom = new JsonArray(
            new JsonObject
            {
                ["type"] = "inside",
                ["xAxisIndex"] = 0,
                ["filterMode"] = "none",
            }
        );
        if (slider)
            zoom.Add(
                new JsonObject
                {
                    ["type"] = "slider",
                    ["xAxisIndex"] = 0,
                    ["filterMode"] = "none",
                    ["height"] = 18,
                    ["bottom"] = 6,
                }
            );
        return new JsonObject
        {
            ["title"] = Title(title),
            ["legend"] = new JsonObject
            {
                ["type"] = "scroll",
                ["top"] = 22,
                ["left"] = 8,
                ["right"] = 110,
            },
            ["tooltip"] = new JsonObject
            {
                ["trigger"] = "axis",
                ["axisPointer"] = new JsonObject { ["type"] = "line" },
            },
            ["toolbox"] = new JsonObject
            {
                ["right"] = 8,
                ["feature"] = new JsonObject
                {
                    ["dataZoom"] = new JsonObject { ["yAxisIndex"] = "none" },
                    ["restore"] = new JsonObject(),
                    ["saveAsImage"] = new JsonObject(),
                },
            },
            ["grid"] = new JsonObject
            {
                ["left"] = 70,
                ["right"] = 30,
                ["top"] = 76,
                ["bottom"] = slider ? 62 : 36,
            },
            ["xAxis"] = new JsonObject
            {
                ["type"] = "value",
                ["name"] = xName,
                ["nameLocation"] = "middle",
                ["nameGap"] = 24,
                ["min"] = 0,
                ["max"] = horizonS,
            },
            ["yAxis"] = new JsonObject
            {
                ["type"] = "value",
                ["name"] = yName,
                ["min"] = 0,
                ["nameTextStyle"] = new JsonObject { ["align"] = "left" },
            },
            ["dataZoom"] = zoom,
            ["dataset"] = datasets,
            ["series"] = series,
        };
    }

    /// <summary>A chart's title, at its top left in every chart of a page, with an optional second line.</summary>
    public static JsonObject Title(string text, string? subtext = null)
    {
        var title = new JsonObject
        {
            ["text"] = text,
            ["left"] = 8,
            ["textStyle"] = new JsonObject { ["fontSize"] = 14 },
        };
        if (subtext is not null)
        {
            title["subtext"] = subtext;
            title["itemGap"] = 4;
        }
        return title;
    }

    /// <summary>The trigger windows and the stretches of load above the baseline, shaded, and restarts marked: the
    /// first series carries them, as PlotLook.ShadeTrigger does in the PNGs.</summary>
    public static void Bands(JsonArray series, Scenario scenario)
    {
        if (series.Count == 0)
            return;
        double S(long t) => Engine.Units.ToSeconds(Math.Min(t, scenario.Horizon));
        var areas = new JsonArray();
        foreach (var (from, to) in new LoadProfile(scenario.Workload).AboveBaseline)
            areas.Add(Area(S(from), S(to), $"load above {Engine.Units.FormatRate(scenario.Workload.Rate)}", "rgba(174,199,232,0.35)"));
        var lines = new JsonArray();
        foreach (var t in scenario.Workload.Triggers)
        {
            if (t.Kind == TriggerKind.Restart)
            {
                lines.Add(new JsonObject { ["xAxis"] = S(t.Start), ["name"] = "restart" });
                continue;
            }
            var slow = t.Kind == TriggerKind.SlowDb;
            areas.Add(
                Area(
                    S(t.Start),
                    S(t.End),
                    $"{(slow ? "slow database" : "load spike")} ×{t.Factor:0.##}",
                    slow ? "rgba(255,187,120,0.35)" : "rgba(197,176,213,0.35)"
                )
            );
        }
        var first = (JsonObject)series[0]!;
        if (areas.Count > 0)
            first["markArea"] = new JsonObject
            {
                ["silent"] = true,
                ["data"] = areas,
                ["label"] = new JsonObject { ["position"] = "insideTop", ["color"] = "#555" },
            };
        if (lines.Count > 0)
            first["markLine"] = new JsonObject
            {
                ["silent"] = true,
                ["symbol"] = "none",
                ["data"] = lines,
                ["lineStyle"] = new JsonObject { ["color"] = "#000", ["type"] = "dashed" },
                ["label"] = new JsonObject { ["formatter"] = "{b}" },
            };
    }

    private static JsonArray Area(double from, double to, string name, string color) =>
        new(
            new JsonObject
            {
                ["xAxis"] = from,
                ["name"] = name,
                ["itemStyle"] = new JsonObject { ["color"] = color },
            },
            new JsonObject { ["xAxis"] = to }
        );
}
