using System.Text.Json.Nodes;
using StallSim.PoolModel;
using StallSim.PoolModel.Observe;

namespace StallSim.Simulator.Output.Html;

/// <summary>A twin comparison's twin-report.html: twin-compare.csv as a table, and per seed the twin's and the
/// simulator's time series overlaid on one zoomable time axis (the simulator solid, the twin dashed), drawn from
/// both engines' samples in timeseries.csv's columns.</summary>
public static class TwinHtml
{
    private static readonly (string Id, string Title, string YName, string Column)[] Panels =
    [
        ("goodput", "Goodput", "requests/s", "goodput_per_s"),
        ("waitlist", "Waitlist length", "waiters", "waitlist_len"),
        ("mutex", "Goroutines blocked on wl.mu", "goroutines", "mutex_waiters"),
    ];

    public static HtmlPage Build(
        Scenario scenario,
        string machine,
        IEnumerable<(string Variant, ulong Seed, IReadOnlyList<Sample> Samples)> twin,
        IEnumerable<(string Variant, ulong Seed, IReadOnlyList<Sample> Samples)> sim,
        CsvTable compare
    )
    {
        var page = new HtmlPage($"{scenario.Name}: the twin against the simulator");
        page.Paragraph(
            "The same scenario on the twin (the pool and waitlists in real Go, in wall-clock time) and on the simulator (virtual time). "
                + "Solid: the simulator; dashed: the twin. The seeds drive different generators in the two engines."
        );
        if (ProfileLine.For([scenario]) is { Length: > 0 } profile)
            page.Paragraph(profile, "caption");
        page.Paragraph(machine.Replace("**", ""), "caption");
        page.Heading("Figures per segment (medians over seeds)");
        page.Table(compare.Header, compare.Rows);
        var runs = twin.Select(t => (Variant: $"{t.Variant} (twin)", t.Seed, t.Samples, Base: t.Variant, Twin: true))
            .Concat(sim.Select(s => (Variant: $"{s.Variant} (simulator)", s.Seed, s.Samples, Base: s.Variant, Twin: false)))
            .ToList();
        page.Data(
            "timeseries",
            CsvFiles
                .Timeseries(runs.Select(r => (r.Variant, r.Seed, r.Samples)))
                .Select("variant", "seed", "t_s", "goodput_per_s", "waitlist_len", "mutex_waiters")
        );
        var horizon = Engine.Units.ToSeconds(scenario.Horizon);
        foreach (var seed in runs.Select(r => r.Seed).Distinct().Order())
        {
            page.Heading($"Seed {seed}");
            var these = runs.Where(r => r.Seed == seed).OrderBy(r => r.Base, StringComparer.Ordinal).ThenBy(r => r.Twin).ToList();
            for (var p = 0; p < Panels.Length; p++)
            {
                var series = new JsonArray();
                foreach (var (run, i) in these.Select((r, i) => (r, i)))
                    series.Add(
                        ECharts.Line(
                            run.Variant,
                            i + 1,
                            Panels[p].Column,
                            PlotLook.HexOf(run.Base),
                            run.Twin ? "dashed" : "solid",
                            width: 2
                        )
                    );
                ECharts.Bands(series, scenario);
                var option = ECharts.TimeChart(
                    $"{Panels[p].Title}, seed {seed}",
                    Panels[p].YName,
                    horizon,
                    ECharts.RunDatasets("timeseries", these.Select(r => (r.Variant, (double)r.Seed))),
                    series,
                    slider: p == Panels.Length - 1,
                    xName: "time (s): virtual for the simulator, wall-clock for the twin"
                );
                page.Chart($"{Panels[p].Id}-{seed}", option, height: 280, group: $"seed-{seed}");
            }
        }
        return page;
    }
}
