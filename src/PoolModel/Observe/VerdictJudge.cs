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
    public sealed record Judgement(
        double Baseline,
        double DuringTrigger,
        double Final,
        double FinalOffered,
        double FinalNewArrivals,
        Verdict Verdict,
        double? RecoveryS,
        string? Reason
    )
    {
        /// <summary>From the trouble's end to the waitlist back within its baseline (and a connection free).</summary>
        public double? DrainS { get; init; }

        /// <summary>From the trouble's end to latency's p99 back within a factor of the baseline's.</summary>
        public double? LatencyRecoveryS { get; init; }
    }

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
        var hold = S(scenario.Verdict.Hold);
        var (drain, latencyRecovery) = trouble is null
            ? (null, null)
            : (DrainTime(samples, baseFrom, baseTo, recoverFrom, hold), LatencyRecoveryTime(samples, baseFrom, baseTo, recoverFrom, hold));
        Judgement Verdict(Verdict v, double? recovery = null, string? reason = null) =>
            v == Observe.Verdict.NoBaseline // nothing to be back to
                ? new(baseline, during, final, finalOffered, finalNew, v, recovery, reason)
                : new(baseline, during, final, finalOffered, finalNew, v, recovery, reason)
                {
                    DrainS = drain,
                    LatencyRecoveryS = latencyRecovery,
                };

        var perWindow = baseline * hold;
        var window = $"{Units.FormatDuration(scenario.Verdict.Hold)} window";
        if (baseTo - baseFrom < hold)
            return Verdict(
                Observe.Verdict.NoBaseline,
                reason: $"the baseline ({baseFrom:0.#}s to {baseTo:0.#}s) is shorter than one {window}"
            );
        if (baseline <= 0)
            return Verdict(Observe.Verdict.NoBaseline, reason: $"no request was served in the baseline ({baseFrom:0.#}s to {baseTo:0.#}s)");
        if (perWindow < MinRequestsPerWindow)
            return Verdict(
                Observe.Verdict.NoBaseline,
                reason: $"the baseline serves {perWindow:0.#} requests per {window}; a verdict needs at least {MinRequestsPerWindow}"
            );

        // A baseline that already serves fewer requests than arrive, beyond the noise of counting them, is no
        // health to recover to: judging a recovery from it would call an overloaded pool recovered.
        var arrivedNew = Mean(samples, baseFrom, baseTo, s => s.NewArrivalsPerS) * (baseTo - baseFrom);
        var servedInBaseline = baseline * (baseTo - baseFrom);
        if (arrivedNew - servedInBaseline > Sigmas * Math.Sqrt(arrivedNew))
            return Verdict(
                Observe.Verdict.NoBaseline,
                reason: $"the baseline is overloaded: {arrivedNew / (baseTo - baseFrom):0.#}/s new requests arrived "
                    + $"and {baseline:0.#}/s were served in time ({baseFrom:0.#}s to {baseTo:0.#}s), more apart than their noise"
            );

        var healthy = scenario.Verdict.Threshold * perWindow;
        var fallBelow = healthy - Sigmas * Math.Sqrt(healthy);
        var windows = SlidingCounts(samples, S(scenario.SampleEvery), hold);
        var fall = windows.FirstOrDefault(w => w.Start >= baseFrom - 1e-9 && w.Served < fallBelow);
        if (fall.End <= 0)
            return Verdict(Observe.Verdict.Stable);
        var fell = $"goodput fell to {fall.Served / hold:0.#}/s over {fall.Start:0.#}s to {fall.End:0.#}s (baseline {baseline:0.#}/s)";
        if (trouble is null)
            return Verdict(Observe.Verdict.Degraded, reason: fell + ", with no trigger to recover from");
        if (recoverFrom >= horizon)
            return Verdict(Observe.Verdict.Degraded, reason: fell + "; the trouble lasts to the horizon");
        var recovery = windows.FirstOrDefault(w => w.Start >= recoverFrom - 1e-9 && w.Served >= fallBelow);
        return recovery.End > 0
            ? Verdict(Observe.Verdict.Recovered, Math.Round(recovery.Start - recoverFrom, 6))
            : Verdict(Observe.Verdict.Metastable);
    }

    /// <summary>From <paramref name="from"/> to the first sample from which, for a window of <paramref name="hold"/>,
    /// the waitlist stays within the longest it was in the baseline, with a connection free at its start; null if
    /// it never drains before the horizon.</summary>
    private static double? DrainTime(IReadOnlyList<Sample> samples, double baseFrom, double baseTo, double from, double hold)
    {
        var baseline = samples.Where(s => s.TimeS > baseFrom + 1e-9 && s.TimeS <= baseTo + 1e-9).ToList();
        if (baseline.Count == 0)
            return null;
        var longest = baseline.Max(s => s.WaitlistLength);
        return FirstHolding(samples, from, hold, s => s.WaitlistLength <= longest, s => s.InUse < s.Capacity);
    }

    /// <summary>From <paramref name="from"/> to the first sample from which, for a window of <paramref name="hold"/>,
    /// every sample served requests and their p99 latencies average within
    /// <see cref="VerdictSettings.LatencyRecoveryFactor"/> of the baseline's; null if never before the horizon.</summary>
    private static double? LatencyRecoveryTime(IReadOnlyList<Sample> samples, double baseFrom, double baseTo, double from, double hold)
    {
        var baseP99 = samples
            .Where(s => s.TimeS > baseFrom + 1e-9 && s.TimeS <= baseTo + 1e-9 && s.P99Ms is not null)
            .Select(s => s.P99Ms!.Value)
            .ToList();
        if (baseP99.Count == 0)
            return null;
        var limit = VerdictSettings.LatencyRecoveryFactor * baseP99.Average();
        for (var i = 0; i < samples.Count; i++)
        {
            if (samples[i].TimeS - 1e-9 < from)
                continue;
            var window = samples.Skip(i).TakeWhile(s => s.TimeS < samples[i].TimeS + hold - 1e-9).ToList();
            if (samples[^1].TimeS < samples[i].TimeS + hold - 1e-9)
                return null; // not a whole window before the horizon
            if (window.All(s => s.P99Ms is not null) && window.Average(s => s.P99Ms!.Value) <= limit)
                return Math.Round(samples[i].TimeS - from, 6);
        }
        return null;
    }

    /// <summary>The first sample at or after <paramref name="from"/> that starts a run of samples as long as
    /// <paramref name="hold"/>, each meeting <paramref name="each"/>, the first also <paramref name="first"/>: its
    /// time after <paramref name="from"/>.</summary>
    private static double? FirstHolding(
        IReadOnlyList<Sample> samples,
        double from,
        double hold,
        Func<Sample, bool> each,
        Func<Sample, bool> first
    )
    {
        var step = samples.Count > 1 ? samples[1].TimeS - samples[0].TimeS : hold;
        int? start = null;
        for (var i = 0; i < samples.Count; i++)
        {
            if (samples[i].TimeS - 1e-9 < from || !each(samples[i]))
            {
                start = null;
                continue;
            }
            if (start is null && !first(samples[i]))
                continue;
            start ??= i;
            if ((i - start.Value + 1) * step >= hold - 1e-9)
                return Math.Round(samples[start.Value].TimeS - from, 6);
        }
        return null;
    }

    /// <summary>Mean of the samples whose interval lies in (from, to].</summary>
    private static double Mean(IReadOnlyList<Sample> samples, double from, double to, Func<Sample, double> value)
    {
        double sum = 0;
        var n = 0;
        foreach (var s in samples)
        {
            if (s.TimeS <= from + 1e-9 || s.TimeS > to + 1e-9)
                continue;
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
            if (i >= width)
                sum -= samples[i - width].Counts.Goodput;
            if (i >= width - 1)
                result.Add((samples[i].TimeS - width * step, samples[i].TimeS, sum));
        }
        return result;
    }
}
