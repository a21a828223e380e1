using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StallSim.Simulator.Output.Html;

/// <summary>
/// One self-contained report page: Apache ECharts inlined (vendor/, its licence beside it), the CSV tables the
/// charts draw embedded once as JSON, each chart an ECharts option. Nothing is fetched when it is opened (its
/// Content-Security-Policy forbids any request), and the same inputs give the same bytes.
/// </summary>
public sealed class HtmlPage(string title)
{
    private readonly StringBuilder _body = new();
    private readonly JsonObject _tables = [];
    private readonly JsonArray _charts = [];

    public HtmlPage Heading(string text, int level = 2)
    {
        _body.Append($"<h{level}>{Encode(text)}</h{level}>\n");
        return this;
    }

    public HtmlPage Paragraph(string text, string? cssClass = null)
    {
        _body.Append(cssClass is null ? "<p>" : $"<p class=\"{cssClass}\">").Append(Encode(text)).Append("</p>\n");
        return this;
    }

    /// <summary>A plain table (the verdicts), cells as given.</summary>
    public HtmlPage Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        _body.Append("<table><thead><tr>");
        foreach (var h in header)
            _body.Append("<th>").Append(Encode(h)).Append("</th>");
        _body.Append("</tr></thead><tbody>\n");
        foreach (var row in rows)
        {
            _body.Append("<tr>");
            foreach (var cell in row)
                _body.Append("<td>").Append(Encode(cell)).Append("</td>");
            _body.Append("</tr>\n");
        }
        _body.Append("</tbody></table>\n");
        return this;
    }

    /// <summary>Embeds <paramref name="table"/> under <paramref name="name"/>: its header and rows, each field a
    /// number where the CSV's text is one (parsed as written, so the JSON number is the CSV's value), an empty
    /// field null, any other text as text. Charts refer to it as a dataset <c>{"table": name}</c>.</summary>
    public HtmlPage Data(string name, CsvTable table)
    {
        var source = new JsonArray(new JsonArray([.. table.Header.Select(h => (JsonNode?)JsonValue.Create(h))]));
        foreach (var row in table.Rows)
            source.Add(new JsonArray([.. row.Select(Field)]));
        _tables[name] = source;
        return this;
    }

    private static JsonNode? Field(string text)
    {
        if (text.Length == 0)
            return null;
        return CsvTable.Number(text) is { } v ? JsonValue.Create(v) : JsonValue.Create(text);
    }

    /// <summary>A chart: an ECharts option, drawn into a box <paramref name="height"/> pixels high. Charts of one
    /// <paramref name="group"/> share their zoom, tooltip and legend (echarts.connect).</summary>
    public HtmlPage Chart(string id, JsonObject option, int height = 300, string? group = null, string? caption = null)
    {
        option["animation"] = false; // drawn at once: a report, not a show
        _body.Append($"<div class=\"chart\" id=\"{id}\" style=\"height:{height}px\"></div>\n");
        if (caption is not null)
            Paragraph(caption, "caption");
        var chart = new JsonObject { ["id"] = id, ["option"] = option };
        if (group is not null)
            chart["group"] = group;
        _charts.Add(chart);
        return this;
    }

    public string Render()
    {
        var spec = new JsonObject { ["tables"] = _tables, ["charts"] = _charts };
        // The default encoder escapes <, > and &: the JSON cannot close its script element.
        var json = spec.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
        return new StringBuilder()
            .Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; style-src "
                    + "'unsafe-inline'; img-src data:\">\n"
            )
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append($"<title>{Encode(title)}</title>\n<style>{Style}</style>\n")
            .Append("<script>")
            .Append(Vendor.Value)
            .Append("</script>\n</head>\n<body>\n")
            .Append($"<h1>{Encode(title)}</h1>\n")
            .Append(_body)
            .Append(
                "<p class=\"caption\">Drag or scroll on a time chart to zoom (every time chart follows); click a legend entry to hide "
                    + "or show it. Charts drawn with Apache ECharts, inlined: this file needs no network.</p>\n"
            )
            .Append("<script type=\"application/json\" id=\"stallsim-spec\">")
            .Append(json)
            .Append("</script>\n")
            .Append("<script>")
            .Append(Boot)
            .Append("</script>\n</body>\n</html>\n")
            .ToString();
    }

    public void Write(string path) => File.WriteAllText(path, Render(), new UTF8Encoding(false));

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>ECharts 6.1.0's dist/echarts.min.js, as npm serves it (scripts/update-echarts.sh).</summary>
    private static readonly Lazy<string> Vendor = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("html/echarts.min.js")
            ?? throw new InvalidOperationException("echarts.min.js is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private const string Style =
        "body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1280px;padding:0 16px;color:#222}"
        + "h1{font-size:22px}h2{font-size:18px;margin-top:28px}table{border-collapse:collapse;margin:8px 0}"
        + "th,td{border:1px solid #ccc;padding:3px "
        + "8px;text-align:right}th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}"
        + ".chart{width:100%;margin:4px 0}.caption{color:#555;font-size:13px}";

    /// <summary>The page's only script of its own: it hands each option to ECharts, resolves the datasets that name
    /// an embedded table, and connects the charts of a group. It draws nothing itself.</summary>
    private const string Boot = """
        (function () {
          var spec = JSON.parse(document.getElementById('stallsim-spec').textContent);
          var charts = {}, groups = {};
          spec.charts.forEach(function (c) {
            var option = c.option;
            if (option.dataset) option.dataset = option.dataset.map(function (d) {
              return d.table ? { id: d.id, source: spec.tables[d.table], sourceHeader: true } : d;
            });
            var chart = echarts.init(document.getElementById(c.id), null, { renderer: 'canvas' });
            chart.setOption(option);
            if (c.group) { chart.group = c.group; groups[c.group] = true; }
            charts[c.id] = chart;
          });
          Object.keys(groups).forEach(function (g) { echarts.connect(g); });
          window.addEventListener('resize', function () { Object.keys(charts).forEach(function (k) { charts[k].resize(); }); });
          window.stallsim = { charts: charts, tables: spec.tables, ready: true };
        })();
        """;
}
