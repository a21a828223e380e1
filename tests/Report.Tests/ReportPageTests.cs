using System.Threading.Tasks;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace StallSim.Report.Tests;

[CollectionDefinition("reports")]
public sealed class ReportsCollection : ICollectionFixture<Reports>, ICollectionFixture<Browser>;

/// <summary>
/// Each kind of report.html in a real browser: it opens with no console error and makes no request, every chart is
/// drawn, its charts hold the CSV files' points and values, a zoom narrows the time axis, a hover shows the CSV's
/// value, and with every request refused it renders the same.
/// </summary>
[Collection("reports")]
public class ReportPageTests(Reports reports, Browser browser, ITestOutputHelper output)
{
    public static TheoryData<string> Kinds => ["run", "seed-stall", "sweep", "compare", "margins", "seed-stall-margins", "twin"];

    private string PageOf(string kind) => kind switch
    {
        "run" => Path.Combine(reports.Run, "report.html"),
        "seed-stall" => Path.Combine(reports.SeedStall, "report.html"),
        "sweep" => Path.Combine(reports.Sweep, "report.html"),
        "compare" => Path.Combine(reports.Compare, "report.html"),
        "margins" => Path.Combine(reports.Margins, "report.html"),
        "seed-stall-margins" => Path.Combine(reports.SeedStallMargins, "report.html"),
        _ => Path.Combine(reports.Twin, "twin-report.html"),
    };

    [SkippableTheory]
    [MemberData(nameof(Kinds))]
    public async Task Opens_with_no_console_error_and_no_request_and_draws_every_chart(string kind)
    {
        Browser.SkipWithoutChromium();
        var started = DateTime.UtcNow;
        var opened = await browser.OpenAsync(PageOf(kind));
        output.WriteLine($"{kind}: drawn {(DateTime.UtcNow - started).TotalMilliseconds:0} ms after navigation began (a figure, not a criterion)");
        Assert.Empty(opened.Errors);
        Assert.Empty(opened.Requests);
        var charts = await opened.Page.EvaluateAsync<JsonElement>("""
            () => Object.keys(window.stallsim.charts).map(id => {
              const ch = window.stallsim.charts[id], el = document.getElementById(id), model = ch.getModel();
              let points = 0;
              for (let i = 0; i < model.getSeriesCount(); i++) points += model.getSeriesByIndex(i).getData().count();
              const canvas = el.querySelector('canvas');
              const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
              let painted = 0;
              for (let i = 0; i < pixels.length; i += 4) if (pixels[i + 3] > 0 && (pixels[i] < 250 || pixels[i + 1] < 250 || pixels[i + 2] < 250)) painted++;
              return { id, series: model.getSeriesCount(), points, width: canvas.width, height: canvas.height, painted };
            })
            """);
        Assert.True(charts.GetArrayLength() > 0, $"{kind}: no chart");
        foreach (var c in charts.EnumerateArray())
        {
            var id = c.GetProperty("id").GetString();
            Assert.True(c.GetProperty("series").GetInt32() > 0, $"{kind} {id}: no series");
            Assert.True(c.GetProperty("points").GetInt32() > 0, $"{kind} {id}: no points");
            Assert.True(c.GetProperty("width").GetInt32() > 300 && c.GetProperty("height").GetInt32() > 100, $"{kind} {id}: not laid out");
            Assert.True(c.GetProperty("painted").GetInt32() > 2000, $"{kind} {id}: nothing painted");
        }
        if (kind != "margins")   // its small pool finds no boundary; docs/ shows seed-stall-margins
            await opened.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath($"report-{kind}.png"), FullPage = true });
        await opened.Page.CloseAsync();
    }

    [SkippableTheory]
    [MemberData(nameof(Kinds))]
    public async Task With_every_request_refused_it_renders_the_same(string kind)
    {
        Browser.SkipWithoutChromium();
        var open = await browser.OpenAsync(PageOf(kind));
        var closed = await browser.OpenAsync(PageOf(kind), abortEveryRequest: true);
        const string Images = "() => Object.keys(window.stallsim.charts).map(id => window.stallsim.charts[id].getDataURL({ type: 'png' }))";
        var a = await open.Page.EvaluateAsync<string[]>(Images);
        var b = await closed.Page.EvaluateAsync<string[]>(Images);
        Assert.Equal(a.Length, b.Length);
        for (var i = 0; i < a.Length; i++) Assert.True(a[i] == b[i], $"{kind}: chart {i} differs with the network refused");
        Assert.Empty(closed.Errors);
        await open.Page.CloseAsync();
        await closed.Page.CloseAsync();
    }

    /// <summary>Every line of every time chart: the rows of timeseries.csv (or the twin's kept run) of its variant and seed,
    /// point for point.</summary>
    private const string SeriesScript = """
        (id) => {
          const ch = window.stallsim.charts[id], opt = ch.getOption(), model = ch.getModel();
          return opt.series.map((s, i) => {
            const d = model.getSeriesByIndex(i).getData();
            const ds = s.datasetIndex != null ? opt.dataset[s.datasetIndex] : null;
            const and = ds && ds.transform ? ds.transform.config.and : null;
            const y = s.encode ? (Array.isArray(s.encode.y) ? s.encode.y[0] : s.encode.y) : null;
            const xs = d.mapArray(d.mapDimension('x'), v => v), ys = d.mapArray(d.mapDimension('y'), v => (isNaN(v) ? null : v));
            return { name: s.name, column: y, variant: and ? and[0]['='] : null, seed: and ? and[1]['='] : null, count: d.count(), xs, ys };
          });
        }
        """;

    private static double? Number(string s) => s.Length == 0 ? null : double.Parse(s, CultureInfo.InvariantCulture);

    private async Task AssertSeriesMatchCsv(IPage page, string chartId, Func<string, double, List<Dictionary<string, string>>> rowsOf, string? onlyVariantsEndingWith = null)
    {
        var series = await page.EvaluateAsync<JsonElement>(SeriesScript, chartId);
        var checkedSeries = 0;
        foreach (var s in series.EnumerateArray())
        {
            var variant = s.GetProperty("variant").GetString()!;
            if (onlyVariantsEndingWith is not null && !variant.EndsWith(onlyVariantsEndingWith, StringComparison.Ordinal)) continue;
            var rows = rowsOf(variant, s.GetProperty("seed").GetDouble());
            var column = s.GetProperty("column").GetString()!;
            Assert.True(rows.Count == s.GetProperty("count").GetInt32(), $"{chartId} {s.GetProperty("name")}: {s.GetProperty("count")} points, the CSV has {rows.Count}");
            var xs = s.GetProperty("xs").EnumerateArray().Select(x => x.GetDouble()).ToList();
            var ys = s.GetProperty("ys").EnumerateArray().Select(y => y.ValueKind == JsonValueKind.Null ? (double?)null : y.GetDouble()).ToList();
            for (var i = 0; i < rows.Count; i++)
            {
                Assert.Equal(Number(rows[i]["t_s"]), xs[i]);
                Assert.True(Number(rows[i][column]) == ys[i], $"{chartId} {s.GetProperty("name")} at {rows[i]["t_s"]} s: {ys[i]}, the CSV has '{rows[i][column]}'");
            }
            checkedSeries++;
        }
        Assert.True(checkedSeries > 0, $"{chartId}: no series checked");
    }

    [SkippableFact]
    public async Task A_runs_time_charts_hold_timeseries_csv_point_for_point()
    {
        Browser.SkipWithoutChromium();
        var csv = Browser.ReadCsv(Path.Combine(reports.Run, "timeseries.csv"));
        List<Dictionary<string, string>> RowsOf(string variant, double seed) =>
            [.. csv.Where(r => r["variant"] == variant && double.Parse(r["seed"], CultureInfo.InvariantCulture) == seed)];
        var opened = await browser.OpenAsync(Path.Combine(reports.Run, "report.html"));
        foreach (var id in new[] { "goodput", "throughput", "waitlist", "mutex", "connections", "expired" })
            await AssertSeriesMatchCsv(opened.Page, id, RowsOf);
        await opened.Page.CloseAsync();
    }

    [SkippableFact]
    public async Task A_twin_comparisons_twin_lines_hold_the_kept_runs_point_for_point()
    {
        Browser.SkipWithoutChromium();
        var kept = Path.Combine(Reports.RepositoryRoot, "results", "seed-stall-twin", "twin-cold", "runs");
        List<Dictionary<string, string>> RowsOf(string variant, double seed) =>
            Browser.ReadCsv(Path.Combine(kept, $"{variant.Replace(" (twin)", "")}-{seed}", "timeseries.csv"));
        var opened = await browser.OpenAsync(Path.Combine(reports.Twin, "twin-report.html"));
        foreach (var seed in new[] { 1, 2 })
            foreach (var id in new[] { "goodput", "waitlist", "mutex" })
                await AssertSeriesMatchCsv(opened.Page, $"{id}-{seed}", RowsOf, onlyVariantsEndingWith: " (twin)");
        await opened.Page.CloseAsync();
    }

    [SkippableFact]
    public async Task The_census_chart_holds_census_csv_beside_the_production_dump()
    {
        Browser.SkipWithoutChromium();
        var csv = Browser.ReadCsv(Path.Combine(reports.Run, "census.csv"));
        var opened = await browser.OpenAsync(Path.Combine(reports.Run, "report.html"));
        var chart = await opened.Page.EvaluateAsync<JsonElement>(
            "() => { const o = window.stallsim.charts['census'].getOption(); return { columns: o.xAxis[0].data, series: o.series.map(s => ({ name: s.name, data: s.data })) }; }");
        var columns = chart.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal("production dump (#20310)", columns[0]);
        var expected = csv.Select(r => $"{r["variant"]} seed {r["seed"]} at {r["t_s"]} s").Distinct().ToList();
        Assert.Equal(expected, columns.Skip(1));
        var bySite = chart.GetProperty("series").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("data"));
        Assert.Equal(9342, bySite["waitlist.go:55"][0].GetDouble());   // the seed's dump, as issue #20310 gives it
        foreach (var r in csv)
        {
            var at = columns.IndexOf($"{r["variant"]} seed {r["seed"]} at {r["t_s"]} s");
            Assert.Equal(double.Parse(r["goroutines"], CultureInfo.InvariantCulture), bySite[r["site"]][at].GetDouble());
        }
        await opened.Page.CloseAsync();
    }

    [SkippableTheory]
    [InlineData("margins")]
    [InlineData("seed-stall-margins")]
    public async Task The_margins_charts_hold_margins_csv(string kind)
    {
        Browser.SkipWithoutChromium();
        var dir = Path.GetDirectoryName(PageOf(kind))!;
        var csv = Browser.ReadCsv(Path.Combine(dir, "margins.csv"));
        var opened = await browser.OpenAsync(PageOf(kind));
        var charted = 0;
        foreach (var axis in csv.Select(r => r["axis"]).Distinct())
        {
            // An axis with no number to place (a walk table's value, no boundary found) has its row in the table only.
            if (csv.Where(r => r["axis"] == axis).All(r => Number(r["boundary_low"]) is null && !double.TryParse(r["scenario_value"], CultureInfo.InvariantCulture, out _)))
                continue;
            charted++;
            var series = await opened.Page.EvaluateAsync<JsonElement>(
                "(id) => window.stallsim.charts[id].getOption().series.map(s => ({ name: s.name, data: s.data }))", $"margins-{axis}");
            var low = series.EnumerateArray().First(s => s.GetProperty("name").GetString() == "the boundary: its lower end").GetProperty("data");
            var expected = csv.Where(r => r["axis"] == axis && r["boundary_low"].Length > 0).Select(r => Number(r["boundary_low"])).ToList();
            Assert.Equal(expected, low.EnumerateArray().Select(p => (double?)p[0].GetDouble()).ToList());
        }
        if (kind == "seed-stall-margins") Assert.True(charted >= 2, "seed-stall's load and episode margins are numbers: they are charted");
        await opened.Page.CloseAsync();
    }

    [SkippableTheory]
    [InlineData("run", "goodput", "mutex")]
    [InlineData("seed-stall", "goodput", "expired")]
    [InlineData("twin", "goodput-1", "mutex-1")]
    public async Task A_zoom_narrows_the_time_axis_of_every_connected_chart(string kind, string first, string last)
    {
        Browser.SkipWithoutChromium();
        var opened = await browser.OpenAsync(PageOf(kind));
        const string Extent = "(id) => window.stallsim.charts[id].getModel().getComponent('xAxis', 0).axis.scale.getExtent()";
        var before = await opened.Page.EvaluateAsync<double[]>(Extent, first);
        await opened.Page.Locator($"#{first}").ScrollIntoViewIfNeededAsync();
        var box = (await opened.Page.Locator($"#{first}").BoundingBoxAsync())!;
        await opened.Page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        for (var i = 0; i < 4; i++) await opened.Page.Mouse.WheelAsync(0, -300);
        await opened.Page.WaitForFunctionAsync($"() => {{ const e = ({Extent})('{last}'); return e[1] - e[0] < {before[1] - before[0]} * 0.9; }}");
        foreach (var id in new[] { first, last })
        {
            var after = await opened.Page.EvaluateAsync<double[]>(Extent, id);
            Assert.True(after[1] - after[0] < 0.9 * (before[1] - before[0]), $"{kind} {id}: [{after[0]}, {after[1]}] after the zoom, [{before[0]}, {before[1]}] before");
        }
        await opened.Page.CloseAsync();
    }

    private static async Task<string> HoverAsync(IPage page, string chartId, int seriesIndex, double x, double y, bool zoomAround = false)
    {
        // A series of thousands of samples puts several in one pixel: zoomed to a few seconds around the point, the
        // pointer finds the one asked for.
        if (zoomAround)
            await page.EvaluateAsync("([id, x]) => window.stallsim.charts[id].dispatchAction({ type: 'dataZoom', startValue: x - 2, endValue: x + 2 })",
                new object[] { chartId, x });
        var pixel = await page.EvaluateAsync<double[]>("([id, s, x, y]) => window.stallsim.charts[id].convertToPixel({ seriesIndex: s }, [x, y])",
            new object[] { chartId, seriesIndex, x, y });
        await page.Locator($"#{chartId}").ScrollIntoViewIfNeededAsync();
        var box = (await page.Locator($"#{chartId}").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + (float)pixel[0], box.Y + (float)pixel[1]);
        var tooltip = page.Locator($"#{chartId} > div").Filter(new LocatorFilterOptions { Visible = true }).Last;
        await tooltip.WaitForAsync();
        await page.WaitForFunctionAsync($"() => [...document.getElementById('{chartId}').children].some(c => c.style.zIndex === '9999999' && c.style.display !== 'none' && c.innerText.length > 0)");
        return await page.EvaluateAsync<string>($"() => [...document.getElementById('{chartId}').children].filter(c => c.style.zIndex === '9999999').map(c => c.innerText).join('\\n')");
    }

    [SkippableTheory]
    [InlineData("run", "goodput", 0, "goodput_per_s")]
    [InlineData("seed-stall", "waitlist", 0, "waitlist_len")]
    [InlineData("twin", "goodput-1", 1, "goodput_per_s")]
    public async Task Hovering_a_time_chart_shows_the_value_the_csv_has_there(string kind, string chart, int seriesIndex, string column)
    {
        Browser.SkipWithoutChromium();
        var opened = await browser.OpenAsync(PageOf(kind));
        var series = await opened.Page.EvaluateAsync<JsonElement>(SeriesScript, chart);
        var s = series[seriesIndex];
        var variant = s.GetProperty("variant").GetString()!;
        var seed = s.GetProperty("seed").GetDouble();
        var csv = kind == "twin"
            ? Browser.ReadCsv(Path.Combine(Reports.RepositoryRoot, "results", "seed-stall-twin", "twin-cold", "runs", $"{variant.Replace(" (twin)", "")}-{seed}", "timeseries.csv"))
            : Browser.ReadCsv(Path.Combine(Path.GetDirectoryName(PageOf(kind))!, "timeseries.csv"));
        var rows = csv.Where(r => r["variant"] == variant.Replace(" (twin)", "") && double.Parse(r["seed"], CultureInfo.InvariantCulture) == seed).ToList();
        var row = rows[rows.Count / 3];
        var text = await HoverAsync(opened.Page, chart, seriesIndex, Number(row["t_s"])!.Value, Number(row[column])!.Value, zoomAround: true);
        Assert.Contains(row[column], text.Replace(",", ""), StringComparison.Ordinal);
        Assert.Contains(row["t_s"], text, StringComparison.Ordinal);
        await opened.Page.CloseAsync();
    }

    [SkippableFact]
    public async Task Hovering_a_margin_shows_its_boundary_from_margins_csv()
    {
        Browser.SkipWithoutChromium();
        var csv = Browser.ReadCsv(Path.Combine(reports.SeedStallMargins, "margins.csv"));
        var row = csv.First(r => r["variant"] == "buggy" && r["axis"] == "episode");
        var opened = await browser.OpenAsync(PageOf("seed-stall-margins"));
        var variants = csv.Where(r => r["axis"] == "episode").Select(r => r["variant"]).Distinct().ToList();
        var text = await HoverAsync(opened.Page, "margins-episode", 1, Number(row["boundary_low"])!.Value, variants.IndexOf("buggy"));
        Assert.Contains("the boundary: its lower end", text, StringComparison.Ordinal);
        Assert.Contains(row["boundary_low"], text, StringComparison.Ordinal);
        await opened.Page.CloseAsync();
    }

    [SkippableTheory]
    [InlineData("sweep")]
    [InlineData("compare")]
    public async Task Hovering_a_heatmap_cell_shows_its_runs_from_points_csv_and_its_overrides(string kind)
    {
        Browser.SkipWithoutChromium();
        var dir = kind == "sweep" ? reports.Sweep : reports.Compare;
        var csv = Browser.ReadCsv(Path.Combine(dir, "points.csv"));
        var opened = await browser.OpenAsync(Path.Combine(dir, "report.html"));
        var text = await HoverAsync(opened.Page, "heatmap-0", 0, 1, 1);
        var row = csv.First(r => r["workload.rate"] == "250/s" && r["workload.trigger.duration"] == "6s" && r["variant"] == "buggy");
        Assert.Contains($"seed {row["seed"]}: {row["verdict"]}", text, StringComparison.Ordinal);
        Assert.Contains($"final goodput {row["final_goodput_per_s"]}/s", text, StringComparison.Ordinal);
        Assert.Contains("--set workload.rate=250/s --set workload.trigger.duration=6s", text, StringComparison.Ordinal);
        await opened.Page.CloseAsync();
    }

    [Fact]
    public void Seed_stalls_page_is_under_5_MB_and_the_same_bytes_when_made_again()
    {
        var page = Path.Combine(reports.SeedStall, "report.html");
        Assert.True(new FileInfo(page).Length < 5_000_000, $"{new FileInfo(page).Length:N0} bytes");
        var again = Path.Combine(reports.Root, "seed-stall-again");
        Assert.Equal(0, Simulator.Cli.StallSimCli.Run(["run", "seed-stall", "--out", again, "--quiet"]));
        Assert.Equal(File.ReadAllBytes(page), File.ReadAllBytes(Path.Combine(again, "report.html")));
    }
}
