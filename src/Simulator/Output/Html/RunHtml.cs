using System.Globalization;
using System.Text.Json.Nodes;
using StallSim.PoolModel;

namespace StallSim.Simulator.Output.Html;

/// <summary>A run's report.html: the verdicts, every time series on one zoomable time axis, the census beside the
/// production dump, and the margins when they ran. Every chart draws the tables that summary.csv, timeseries.csv,
/// census.csv and margins.csv hold.</summary>
public static class RunHtml
{
    /// <summary>timeseries.csv's columns the charts draw.</summary>
    public static readonly string[] TimeColumns =
    [
        "variant",
        "seed",
        "t_s",
        "offered_per_s",
        "goodput_per_s",
        "throughput",
        "waitlist_len",
        "mutex_waiters",
        "in_use",
        "active",
        "expired_handoffs",
    ];

    /// <summary>The time charts: id, title, y axis, and the columns drawn (the second one dashed).</summary>
    private static readonly (string Id, string Title, string YName, string Column, string? Dashed, string? DashedName)[] Panels =
    [
        ("goodput", "Goodput (solid) and offered load (dotted)", "requests/s", "goodput_per_s", "offered_per_s", "offered"),
        ("throughput", "Throughput: queries that ran to their end, per sample", "queries", "throughput", null, null),
        ("waitlist", "Waitlist length", "waiters", "waitlist_len", null, null),
        ("mutex", "Goroutines blocked on wl.mu (at each sample)", "goroutines", "mutex_waiters", null, null),
        ("connections", "Connections: in use (solid) and open (dashed)", "connections", "in_use", "active", "active"),
        ("expired", "Expired hand-offs: connections handed to dead requests, per sample", "hand-offs", "expired_handoffs", null, null),
    ];

    public static HtmlPage Build(Scenario scenario, CsvTable summary, CsvTable timeseries, CsvTable census, CsvTable? margins)
    {
        var page = new HtmlPage($"{scenario.Name}: stallsim report");
        if (scenario.Description.Length > 0)
            page.Paragraph(scenario.Description);
        if (ProfileLine.For([scenario]) is { Length: > 0 } profile)
            page.Paragraph(profile, "caption");
        Verdicts(page, summary);
        var runs = Runs(summary);
        page.Data("timeseries", timeseries.Select(TimeColumns));
        page.Heading("Over time");
        var horizon = Engine.Units.ToSeconds(scenario.Horizon);
        for (var p = 0; p < Panels.Length; p++)
        {
            var panel = Panels[p];
            var series = new JsonArray();
            foreach (var (run, i) in runs.Select((r, i) => (r, i)))
            {
                var color = PlotLook.HexOf(run.Variant);
                series.Add(ECharts.Line(run.Name, i + 1, panel.Column, color, width: 2));
                if (panel.Dashed is { } dashed)
                    series.Add(
                        ECharts.Line(
                            $"{run.Name} {panel.DashedName}",
                            i + 1,
                            dashed,
                            color,
                            panel.Id == "goodput" ? "dotted" : "dashed",
                            opacity: 0.7
                        )
                    );
            }
            ECharts.Bands(series, scenario);
            var option = ECharts.TimeChart(
                panel.Title,
                panel.YName,
                horizon,
                ECharts.RunDatasets("timeseries", runs.Select(r => (r.Variant, r.Seed))),
                series,
                slider: p == Panels.Length - 1
            );
            page.Chart(
                panel.Id,
                option,
                height: p == 0 ? 340
                    : p == Panels.Length - 1 ? 300
                    : 260,
                group: "time"
            );
        }
        Census(page, census, RunPlots.NoCensus(scenario));
        if (margins is not null)
            MarginsHtml.Chart(page, margins);
        return page;
    }

    private sealed record Run(string Variant, double Seed, string Name);

    /// <summary>The runs, in summary.csv's order; names carry the seed when there are several.</summary>
    private static List<Run> Runs(CsvTable summary)
    {
        int v = summary.Column("variant"),
            s = summary.Column("seed");
        var seeds = summary.Rows.Select(r => r[s]).Distinct().Count();
        return
        [
            .. summary.Rows.Select(r => new Run(
                r[v],
                double.Parse(r[s], CultureInfo.InvariantCulture),
                seeds > 1 ? $"{r[v]} seed {r[s]}" : r[v]
            )),
        ];
    }

    private static readonly (string Column, string Heading)[] VerdictColumns =
    [
        ("variant", "variant"),
        ("seed", "seed"),
        ("verdict", "verdict"),
        ("recovery_s", "recovery (s)"),
        ("drain_s", "drain (s)"),
        ("latency_recovery_s", "latency back (s)"),
        ("baseline_goodput_per_s", "baseline goodput/s"),
        ("final_goodput_per_s", "final goodput/s"),
        ("expired_handoffs", "expired hand-offs"),
        ("peak_waitlist", "peak waitlist"),
        ("peak_mutex_waiters", "peak on wl.mu"),
        ("longest_mutex_wait_s", "longest wait on wl.mu (s)"),
    ];

    private static void Verdicts(HtmlPage page, CsvTable summary)
    {
        page.Heading("Verdicts");
        var columns = VerdictColumns.Select(c => summary.Column(c.Column)).ToArray();
        page.Table(
            [.. VerdictColumns.Select(c => c.Heading)],
            summary.Rows.Select(r => (IReadOnlyList<string>)[.. columns.Select(i => r[i].Length == 0 ? "–" : r[i])])
        );
        page.Paragraph(
            "Recovery is goodput's (requests served in time, back to 90% of the baseline); drain is the waitlist's (back within its "
                + "baseline's longest, a connection free); latency back is the p99 wait's (within twice the baseline's). – : not reached. "
                + "A goroutine dump tags a goroutine parked a minute or more with \", N minutes\"; the seed's dump tagged none on wl.mu.",
            "caption"
        );
    }

    /// <summary>Stacked bars: the production dump of #20310, then every census instant of every run, one band per site.</summary>
    private static void Census(HtmlPage page, CsvTable census, string whyNone)
    {
        page.Heading("Where the goroutines are");
        if (census.Rows.Count == 0)
        {
            page.Paragraph(whyNone, "caption");
            return;
        }
        int v = census.Column("variant"),
            s = census.Column("seed"),
            t = census.Column("t_s"),
            site = census.Column("site"),
            n = census.Column("goroutines");
        const string production = "production dump (#20310)";
        var columns = new List<string> { production };
        columns.AddRange(census.Rows.Select(r => $"{r[v]} seed {r[s]} at {r[t]} s").Distinct());
        var sites = SeedDump.Sites.Select(x => x.Site.Name).Concat(census.Rows.Select(r => r[site])).Distinct().ToList();
        var series = new JsonArray();
        foreach (var name in sites)
        {
            var data = new JsonArray();
            var fromDump = SeedDump.Sites.FirstOrDefault(x => x.Site.Name == name);
            data.Add(fromDump.Site is null ? null : JsonValue.Create(fromDump.Goroutines));
            foreach (var column in columns.Skip(1))
            {
                var row = census.Rows.FirstOrDefault(r => $"{r[v]} seed {r[s]} at {r[t]} s" == column && r[site] == name);
                data.Add(row is null ? null : JsonValue.Create(double.Parse(row[n], CultureInfo.InvariantCulture)));
            }
            series.Add(
                new JsonObject
                {
                    ["type"] = "bar",
                    ["name"] = name,
                    ["stack"] = "goroutines",
                    ["data"] = data,
                    ["emphasis"] = new JsonObject { ["focus"] = "series" },
                }
            );
        }
        var option = new JsonObject
        {
            ["title"] = ECharts.Title("Goroutines by blocking site, as in a goroutine dump"),
            ["legend"] = new JsonObject
            {
                ["type"] = "scroll",
                ["top"] = 24,
                ["left"] = 8,
                ["right"] = 8,
            },
            ["tooltip"] = new JsonObject
            {
                ["trigger"] = "axis",
                ["axisPointer"] = new JsonObject { ["type"] = "shadow" },
            },
            ["grid"] = new JsonObject
            {
                ["left"] = 80,
                ["right"] = 30,
                ["top"] = 70,
                ["bottom"] = 90,
            },
            ["xAxis"] = new JsonObject
            {
                ["type"] = "category",
                ["data"] = new JsonArray([.. columns.Select(c => (JsonNode?)JsonValue.Create(c))]),
                ["axisLabel"] = new JsonObject { ["interval"] = 0, ["rotate"] = columns.Count > 4 ? 20 : 0 },
            },
            ["yAxis"] = new JsonObject
            {
                ["type"] = "value",
                ["name"] = "goroutines",
                ["min"] = 0,
            },
            ["series"] = series,
        };
        page.Chart(
            "census",
            option,
            height: 420,
            caption: "The production dump's 19,177 goroutines beside each census instant of each run (census.csv); hover a bar for its "
                + "sites' counts."
        );
    }
}
