using StallSim.Engine;

using StallSim.PoolModel.Workload;

namespace StallSim.PoolModel.Observe;

/// <summary>
/// Turns a goodput series into a verdict (docs/model.md#verdicts), knowing nothing of the model: only the samples,
/// the trigger window and the verdict settings.
/// <list type="bullet">
/// <item>baseline: mean goodput over the last two thirds of the time before the trigger (the first third is
/// the pool's warm-up); without a trigger, over the middle third of the run;</item>
/// <item>fell: some window of <c>hold</c> length, from the baseline's start on, has mean goodput below
/// threshold × baseline;</item>
/// <item>stable: never fell; recovered: fell, then a window starting at or after the trigger's end held at or
/// above the threshold (recovery_s = that window's start − trigger end); metastable: fell and no such window
/// before the horizon.</item>
/// </list>
/// </summary>
public static class VerdictJudge
{
    public sealed record Judgement(double Baseline, double DuringTrigger, double Final, double FinalOffered,
        double FinalNewArrivals, Verdict Verdict, double? RecoveryS);

    public static Judgement Judge(Scenario scenario, IReadOnlyList<Sample> samples)
    {
        var trigger = scenario.Workload.Trigger;
        var hasTrigger = trigger.Kind != TriggerKind.None;
        double S(long t) => Units.ToSeconds(t);
        var horizon = S(scenario.Horizon);
        var (baseFrom, baseTo) = hasTrigger ? (S(trigger.Start) / 3, S(trigger.Start)) : (horizon / 3, 2 * horizon / 3);
        var (trigFrom, trigTo) = hasTrigger ? (S(trigger.Start), S(trigger.End)) : (baseFrom, baseTo);
        var recoverFrom = hasTrigger ? S(trigger.End) : baseFrom;
        var finalFrom = Math.Max(recoverFrom, horizon - S(scenario.Verdict.FinalWindow));

        var baseline = Mean(samples, baseFrom, baseTo, s => s.GoodputPerS);
        var during = Mean(samples, trigFrom, trigTo, s => s.GoodputPerS);
        var final = Mean(samples, finalFrom, horizon, s => s.GoodputPerS);
        var finalOffered = Mean(samples, finalFrom, horizon, s => s.OfferedPerS);
        var finalNew = Mean(samples, finalFrom, horizon, s => s.NewArrivalsPerS);

        var healthy = scenario.Verdict.Threshold * baseline;
        var windows = SlidingMeans(samples, S(scenario.SampleEvery), S(scenario.Verdict.Hold));
        var fell = windows.Any(w => w.Start >= baseFrom && w.Mean < healthy);
        if (!fell) return new Judgement(baseline, during, final, finalOffered, finalNew, Verdict.Stable, null);
        var recovery = windows.FirstOrDefault(w => w.Start >= recoverFrom - 1e-9 && w.Mean >= healthy);
        return recovery.End > 0
            ? new Judgement(baseline, during, final, finalOffered, finalNew, Verdict.Recovered, Math.Round(recovery.Start - recoverFrom, 6))
            : new Judgement(baseline, during, final, finalOffered, finalNew, Verdict.Metastable, null);
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

    /// <summary>Every window of <paramref name="length"/> seconds that starts on a sample boundary.</summary>
    private static List<(double Start, double End, double Mean)> SlidingMeans(IReadOnlyList<Sample> samples, double step, double length)
    {
        var width = Math.Max(1, (int)Math.Round(length / step));
        var result = new List<(double, double, double)>();
        double sum = 0;
        for (var i = 0; i < samples.Count; i++)
        {
            sum += samples[i].GoodputPerS;
            if (i >= width) sum -= samples[i - width].GoodputPerS;
            if (i >= width - 1) result.Add((samples[i].TimeS - width * step, samples[i].TimeS, sum / width));
        }
        return result;
    }
}
