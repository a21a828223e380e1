using StallSim.Engine;
using StallSim.PoolModel;
using StallSim.PoolModel.Observe;
using StallSim.PoolModel.Workload;

namespace StallSim.Simulator.Twin;

/// <summary>
/// The twin against the simulator, figure by figure: per stage of a staged load (or per phase: before, during
/// and after the trouble; or the whole run), per variant, the median over seeds of each engine. Three figures
/// carry a criterion: live acquisitions within 10%, expired hand-offs and pool timeouts within 30% or 20.
/// </summary>
public static class TwinCompare
{
    public sealed record Segment(string Name, double FromS, double ToS);

    public sealed record Row(
        string Segment,
        double FromS,
        double ToS,
        string Variant,
        string Metric,
        double Twin,
        double Sim,
        string? Criterion,
        bool? Holds
    );

    private sealed record Metric(string Name, Func<IReadOnlyList<Sample>, double> Of, string? Criterion, Func<double, double, bool>? Holds);

    private static double Sum(IReadOnlyList<Sample> s, Func<Sample, double> f) => s.Sum(f);

    private static readonly Metric[] Metrics =
    [
        new("acquisitions", s => Sum(s, x => x.Counts.Acquisitions), null, null),
        new(
            "live_acquisitions",
            s => Sum(s, x => x.Counts.Acquisitions - x.Counts.ExpiredHandoffs),
            "within 10%",
            (t, m) => Math.Abs(m - t) <= 0.10 * t
        ),
        new(
            "expired_handoffs",
            s => Sum(s, x => x.Counts.ExpiredHandoffs),
            "within 30% or 20",
            (t, m) => Math.Abs(m - t) <= Math.Max(20, 0.30 * t)
        ),
        new(
            "pool_timeouts",
            s => Sum(s, x => x.Counts.ResourceExhausted),
            "within 30% or 20",
            (t, m) => Math.Abs(m - t) <= Math.Max(20, 0.30 * t)
        ),
        new("goodput", s => Sum(s, x => x.Counts.Goodput), null, null),
        new("peak_waitlist", s => s.Count == 0 ? 0 : s.Max(x => x.WaitlistLength), null, null),
        new("peak_mutex_waiters", s => s.Count == 0 ? 0 : s.Max(x => x.MutexWaiters), null, null),
    ];

    public static IReadOnlyList<Segment> Segments(Scenario scenario)
    {
        var horizon = Units.ToSeconds(scenario.Horizon);
        var w = scenario.Workload;
        if (w.Stages.Count > 0)
        {
            var result = new List<Segment>();
            long t = 0;
            foreach (var (stage, i) in w.Stages.Select((s, i) => (s, i)))
            {
                result.Add(
                    new Segment(
                        $"stage {i + 1} ({Units.FormatRate(stage.Rate)})",
                        Units.ToSeconds(t),
                        Math.Min(horizon, Units.ToSeconds(t + stage.For))
                    )
                );
                t += stage.For;
            }
            if (Units.ToSeconds(t) < horizon)
                result.Add(new Segment("after the stages", Units.ToSeconds(t), horizon));
            return result;
        }
        if (new LoadProfile(w).Trouble is { } trouble)
            return
            [
                new Segment("before", 0, Units.ToSeconds(trouble.Start)),
                new Segment("during", Units.ToSeconds(trouble.Start), Math.Min(horizon, Units.ToSeconds(trouble.End))),
                new Segment("after", Math.Min(horizon, Units.ToSeconds(trouble.End)), horizon),
            ];
        return [new Segment("the whole run", 0, horizon)];
    }

    /// <summary>Whether a sample taken at <paramref name="timeS"/> (the end of its interval) belongs to the segment.</summary>
    public static bool Within(double timeS, Segment seg) => timeS > seg.FromS + 1e-9 && timeS <= seg.ToS + 1e-9;

    private static IReadOnlyList<Sample> In(IReadOnlyList<Sample> samples, Segment seg) =>
        samples.Where(s => Within(s.TimeS, seg)).ToList();

    public static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToList();
        if (v.Count == 0)
            return 0;
        return v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
    }

    public static IReadOnlyList<Row> Compare(Scenario scenario, IReadOnlyList<TwinRun> twin, IReadOnlyList<RunResult> sim)
    {
        var rows = new List<Row>();
        foreach (var seg in Segments(scenario))
        foreach (var variant in twin.Select(r => r.Variant).Distinct())
        foreach (var m in Metrics)
        {
            var t = Median(twin.Where(r => r.Variant == variant).Select(r => m.Of(In(r.Samples, seg))));
            var s = Median(sim.Where(r => r.Summary.Variant == variant).Select(r => m.Of(In(r.Samples, seg))));
            rows.Add(new Row(seg.Name, seg.FromS, seg.ToS, variant, m.Name, t, s, m.Criterion, m.Holds?.Invoke(t, s)));
        }
        return rows;
    }
}
