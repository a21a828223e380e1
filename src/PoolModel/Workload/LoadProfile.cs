using StallSim.Engine;

namespace StallSim.PoolModel.Workload;

/// <summary>The piecewise arrival rate and service-time factor of a workload: baseline, the trigger
/// window, and baseline again after it (docs/model.md#the-workload).</summary>
public sealed class LoadProfile(WorkloadSettings workload)
{
    private readonly Trigger _trigger = workload.Trigger;

    private bool InTrigger(long t) => _trigger.Kind != TriggerKind.None && t >= _trigger.Start && t < _trigger.End;

    /// <summary>Arrival rate of new requests at <paramref name="t"/>, per second.</summary>
    public double RateAt(long t) =>
        workload.Rate * (InTrigger(t) && _trigger.Kind == TriggerKind.LoadSpike ? _trigger.Factor : 1);

    /// <summary>Multiplier on the service time of a query that starts at <paramref name="t"/>.</summary>
    public double ServiceFactorAt(long t) => InTrigger(t) && _trigger.Kind == TriggerKind.SlowDb ? _trigger.Factor : 1;

    /// <summary>The next instant after <paramref name="t"/> at which the rate changes, or MaxValue.</summary>
    public long NextRateChange(long t)
    {
        if (_trigger.Kind != TriggerKind.LoadSpike) return long.MaxValue;
        if (t < _trigger.Start) return _trigger.Start;
        if (t < _trigger.End) return _trigger.End;
        return long.MaxValue;
    }

    /// <summary>Poisson arrivals at the piecewise rate: draw an exponential gap at the current rate; if it
    /// crosses a change of rate, move to the change and draw again (exact, by memorylessness).</summary>
    public IEnumerable<Wait> Arrivals(Func<long> now, RandomStream rng, Action arrive)
    {
        while (true)
        {
            var t = now();
            var gap = rng.ExponentialNanos(Units.Second / RateAt(t));
            var change = NextRateChange(t);
            if (change != long.MaxValue && t + gap >= change)
            {
                yield return Wait.For(change - t);
                continue;
            }
            yield return Wait.For(gap);
            arrive();
        }
    }
}
