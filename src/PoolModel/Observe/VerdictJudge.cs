using StallSim.Engine;

namespace StallSim.PoolModel.Observe;

/// <summary>
/// Turns a goodput series into a verdict (docs/model.md#verdicts), knowing nothing of the model: only the
/// samples, where the trouble lies, and the verdict settings.
/// <list type="bullet">
/// <item>baseline: mean goodput over the last two thirds of the time before the trouble (the first third is the
/// pool's warm-up); without trouble, over the middle third of the run. Fewer than 100 requests served per
/// window there (or none at all) is too little to judge: <c>no-baseline</c>.</item>
/// <item>a window (of <c>hold</c>, sliding by one sample) falls when it served fewer than
/// T − 3√T requests, T = threshold × baseline × hold: below the threshold by more than three Poisson standard
/// deviations, so that the noise of a healthy pool never reads as a fall;</item>
/// <item>stable: no window from the baseline's start on fell. Without trouble, a fall is <c>degraded</c>. With
/// trouble: recovered when a window starting at or after the trouble's end did not fall (recovery_s = its
/// start − the trouble's end), metastable when none before the horizon did.</item>
/// </list>
/// </summary>
public static class VerdictJudge
{
    public sealed record Judgement(double Baseline, double DuringTrigger, double Final, double FinalOffered,
        double FinalNewArrivals, Verdict Verdict, double? RecoveryS, string? Reason);

    /// <summary>Requests a baseline window must serve for the verdict to mean anything.</summary>
    public const int MinRequestsPerWindow = 100;

    /// <summary>How many Poisson standard deviations below the threshold a window must be to count as a fall.</summary>
    public const double Sigmas = 3;

    public static Judgement Judge(Scenario scenario, (long Start, long End)? trouble, IReadOnlyList<Sample> samples)
    {
        double S(long t) => Units.ToSeconds(t);
        var horizon = S(scenario.Horizon);
        var (baseFrom, baseTo) = trouble is { } t0 ? (S(t0.Start) / 3, S(t0.Start)) : (horizon / 3, 2 * horizon / 3);
        var (trigFrom, trigTo) = trouble is { } t1 ? (S(t1.Start), Math.Min(horizon, S(t1.End))) : (baseFrom, baseTo);
        var recoverFrom = trouble is { } t2 ? S(t2.End) : baseFrom;
        var finalFrom = Math.Max(Math.Min(recoverFrom, horizon), horizon - S(scenario.Verdict.FinalWindow));

        var baseline = Mean(samples, baseFrom, baseTo, s => s.GoodputPerS);
        var during = Mean(samples, trigFrom, trigTo, s => s.GoodputPerS);
        var final = Mean(samples, finalFrom, horizon, s => s.GoodputPerS);
        var finalOffered = Mean(samples, finalFrom, horizon, s => s.OfferedPerS);
        var finalNew = Mean(samples, finalFrom, horizon, s => s.NewArrivalsPerS);
        Judgement Verdict(Verdict v, double? recovery = null, string? reason = null) =>
            new(baseline, during, final, finalOffered, finalNew, v, recovery, reason);

        var hold = S(scenario.Verdict.Hold);
        var perWindow = baseline * hold;
        var window = $"{Units.FormatDuration(scenario.Verdict.Hold)} window";
        if (baseTo - baseFrom < hold)
            return Verdict(Observe.Verdict.NoBaseline, reason: $"the baseline ({baseFrom:0.#}s to {baseTo:0.#}s) is shorter than one {window}");
        if (baseline <= 0)
            return Verdict(Observe.Verdict.NoBaseline, reason: $"no request was served in the baseline ({baseFrom:0.#}s to {baseTo:0.#}s)");
        if (perWindow < MinRequestsPerWindow)
            return Verdict(Observe.Verdict.NoBaseline, reason: $"the baseline serves {perWindow:0.#} requests per {window}; a verdict needs at least {MinRequestsPerWindow}");

        var healthy = scenario.Verdict.Threshold * perWindow;
        var fallBelow = healthy - Sigmas * Math.Sqrt(healthy);
        var windows = SlidingCounts(samples, S(scenario.SampleEvery), hold);
        var fall = windows.FirstOrDefault(w => w.Start >= baseFrom - 1e-9 && w.Served < fallBelow);
        if (fall.End <= 0) return Verdict(Observe.Verdict.Stable);
        var fell = $"goodput fell to {fall.Served / hold:0.#}/s over {fall.Start:0.#}s to {fall.End:0.#}s (baseline {baseline:0.#}/s)";
        if (trouble is null) return Verdict(Observe.Verdict.Degraded, reason: fell + ", with no trigger to recover from");
        if (recoverFrom >= horizon) return Verdict(Observe.Verdict.Degraded, reason: fell + "; the trouble lasts to the horizon");
        var recovery = windows.FirstOrDefault(w => w.Start >= recoverFrom - 1e-9 && w.Served >= fallBelow);
        return recovery.End > 0
            ? Verdict(Observe.Verdict.Recovered, Math.Round(recovery.Start - recoverFrom, 6))
            : Verdict(Observe.Verdict.Metastable);
    }

    /// <summary>Mean of the samples whose interval lies in (from, to].</summary>
    private static double Mean(IReadOnlyList<Sample> samples, double from, double to, Func<Sample, double> value)
    {
        double sum = 0;
        var n = 0;
        foreach (var s in samples)
        {
            if (s.TimeS <= from + 1e-9 || s.TimeS > to + 1e-9) continue;
            sum += value(s);
            n++;
        }
        return n == 0 ? 0 : sum / n;
    }

    /// <summary>Requests served in every window of <paramref name="length"/> seconds that starts on a sample boundary.</summary>
    private static List<(double Start, double End, double Served)> SlidingCounts(IReadOnlyList<Sample> samples, double step, double length)
    {
        var width = Math.Max(1, (int)Math.Round(length / step));
        var result = new List<(double, double, double)>();
        long sum = 0;
        for (var i = 0; i < samples.Count; i++)
        {
            sum += samples[i].Counts.Goodput;
            if (i >= width) sum -= samples[i - width].Counts.Goodput;
            if (i >= width - 1) result.Add((samples[i].TimeS - width * step, samples[i].TimeS, sum));
        }
        return result;
    }
}
