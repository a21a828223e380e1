using StallSim.Engine;

namespace StallSim.PoolModel.Workload;

/// <summary>
/// The arrival rate and the query-time factor over time (docs/model.md#the-workload): the baseline rate, or a
/// staged load, or a replayed curve, multiplied inside load spikes; query times multiplied inside slow-database
/// windows. Also where the trouble lies, for the verdict: from the first trigger or the first stretch of load
/// above the baseline to the end of the last.
/// </summary>
public sealed class LoadProfile
{
    private readonly List<(long From, long To, double Rate, double EndRate)> _segments = [];

    // Arrays, read with for loops: these are read for every request, and enumerating a list through its
    // interface would allocate an enumerator each time.
    private readonly (long Start, long End, double Factor)[] _spikes;
    private readonly (long Start, long End, double Factor)[] _slowDb;
    private readonly long[] _changes;
    private readonly List<(long From, long To)> _above = [];
    private readonly (long From, long To, Stage Stage)[] _stages;

    public LoadProfile(WorkloadSettings workload)
    {
        _spikes = [.. workload.Triggers.Where(x => x.Kind == TriggerKind.LoadSpike).Select(x => (x.Start, x.End, x.Factor))];
        _slowDb = [.. workload.Triggers.Where(x => x.Kind == TriggerKind.SlowDb).Select(x => (x.Start, x.End, x.Factor))];
        if (workload.Replay.Count > 0)
            for (var i = 0; i < workload.Replay.Count; i++)
            {
                var (at, rate) = workload.Replay[i];
                var to = i + 1 < workload.Replay.Count ? workload.Replay[i + 1].At : long.MaxValue;
                _segments.Add((at, to, rate, rate));
            }
        var stages = new List<(long, long, Stage)>();
        if (workload.Replay.Count == 0)
        {
            long t = 0;
            for (var i = 0; i < workload.Stages.Count; i++)
            {
                var s = workload.Stages[i];
                var next = i + 1 < workload.Stages.Count ? workload.Stages[i + 1].Rate : workload.Rate;
                _segments.Add((t, t + s.For, s.Rate, s.RampToNext ? next : s.Rate));
                if (s.Deadline is not null || s.Service is not null)
                    stages.Add((t, t + s.For, s));
                t += s.For;
            }
            _segments.Add((t, long.MaxValue, workload.Rate, workload.Rate));
        }
        _stages = [.. stages];
        _changes =
        [
            .. _segments
                .Select(s => s.From)
                .Concat(workload.Triggers.Where(x => x.Kind == TriggerKind.LoadSpike).SelectMany(x => new[] { x.Start, x.End }))
                .Where(t => t > 0)
                .Distinct()
                .Order(),
        ];
        foreach (var seg in _segments.Where(s => Math.Max(s.Rate, s.EndRate) > workload.Rate))
        {
            if (_above.Count > 0 && _above[^1].To == seg.From)
                _above[^1] = (_above[^1].From, seg.To);
            else
                _above.Add((seg.From, seg.To));
        }
        var trouble = workload
            .Triggers.Where(x => x.IsTrouble)
            .Select(x => (x.Start, x.End))
            .Concat(_above.Select(s => (s.From, Math.Min(s.To, long.MaxValue / 2))))
            .ToList();
        if (trouble.Count > 0)
            Trouble = (trouble.Min(x => x.Item1), trouble.Max(x => x.Item2));
    }

    /// <summary>The stretches where the stages or the replayed curve ask for more than the baseline rate.</summary>
    public IReadOnlyList<(long From, long To)> AboveBaseline => _above;

    /// <summary>From the start of the first trouble (a slow database, a load spike, a stage or stretch of replay
    /// above the baseline rate) to the end of the last; null when there is none.</summary>
    public (long Start, long End)? Trouble { get; }

    /// <summary>The last segment that starts at or before <paramref name="t"/> (binary search: segments are sorted).</summary>
    private int SegmentAt(long t)
    {
        int lo = 0,
            hi = _segments.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (_segments[mid].From <= t)
                lo = mid;
            else
                hi = mid - 1;
        }
        return lo;
    }

    /// <summary>The deadline a request sent at <paramref name="t"/> gets: its stage's, if that stage sets one.</summary>
    public DurationDistribution DeadlineAt(long t, DurationDistribution workload) => StageAt(t)?.Deadline ?? workload;

    /// <summary>The time of a query started at <paramref name="t"/>: its stage's, if that stage sets one.</summary>
    public DurationDistribution ServiceAt(long t, DurationDistribution workload) => StageAt(t)?.Service ?? workload;

    private Stage? StageAt(long t)
    {
        for (var i = 0; i < _stages.Length; i++)
            if (t >= _stages[i].From && t < _stages[i].To)
                return _stages[i].Stage;
        return null;
    }

    /// <summary>The rate the stages or the replayed curve describe at <paramref name="t"/>, before load spikes.</summary>
    public double BaseRateAt(long t)
    {
        var s = _segments[SegmentAt(t)];
        if (s.Rate == s.EndRate || s.To == long.MaxValue)
            return s.Rate;
        return s.Rate + (s.EndRate - s.Rate) * (t - s.From) / (double)(s.To - s.From);
    }

    private static double FactorAt((long Start, long End, double Factor)[] windows, long t)
    {
        var f = 1.0;
        for (var i = 0; i < windows.Length; i++)
            if (t >= windows[i].Start && t < windows[i].End)
                f *= windows[i].Factor;
        return f;
    }

    private double SpikeFactorAt(long t) => FactorAt(_spikes, t);

    /// <summary>Arrival rate of new requests at <paramref name="t"/>, per second.</summary>
    public double RateAt(long t) => BaseRateAt(t) * SpikeFactorAt(t);

    /// <summary>New requests expected before <paramref name="horizon"/>: the rate integrated over the run (exact: the
    /// rate is linear between its changes).</summary>
    public double ExpectedArrivals(long horizon)
    {
        var total = 0.0;
        for (long t = 0; t < horizon; )
        {
            var end = Math.Min(horizon, NextRateChange(t));
            total += (RateAt(t) + RateAt(end - 1)) / 2 * (end - t) / Units.Second;
            t = end;
        }
        return total;
    }

    /// <summary>The highest arrival rate before <paramref name="horizon"/>, per second.</summary>
    public double MaxRate(long horizon)
    {
        var max = 0.0;
        for (long t = 0; t < horizon; )
        {
            var end = Math.Min(horizon, NextRateChange(t));
            max = Math.Max(max, Math.Max(RateAt(t), RateAt(end - 1)));
            t = end;
        }
        return max;
    }

    /// <summary>Multiplier on the service time of a query that starts at <paramref name="t"/>.</summary>
    public double ServiceFactorAt(long t) => FactorAt(_slowDb, t);

    /// <summary>The next instant after <paramref name="t"/> at which the rate's formula changes, or MaxValue.</summary>
    public long NextRateChange(long t)
    {
        // _changes is sorted and distinct: the first one after t, by binary search (a replayed curve has thousands).
        var i = Array.BinarySearch(_changes, t);
        i = i >= 0 ? i + 1 : ~i;
        return i < _changes.Length ? _changes[i] : long.MaxValue;
    }

    /// <summary>The highest rate between <paramref name="t"/> and the next change (a ramp's larger end).</summary>
    private (double Max, bool Constant) RateBound(long t)
    {
        var s = _segments[SegmentAt(t)];
        var spike = SpikeFactorAt(t);
        return (Math.Max(s.Rate, s.EndRate) * spike, s.Rate == s.EndRate);
    }

    /// <summary>Poisson arrivals at the described rate. Where the rate is constant: draw an exponential gap; if it
    /// crosses a change of rate, move to the change and draw again (exact, by memorylessness). On a ramp: draw at
    /// the ramp's highest rate and keep each candidate with probability rate/highest (thinning, also exact).</summary>
    public IEnumerable<Wait> Arrivals(Func<long> now, RandomStream rng, Action arrive)
    {
        while (true)
        {
            var t = now();
            var (bound, constant) = RateBound(t);
            var change = NextRateChange(t);
            if (bound <= 0)
            {
                if (change == long.MaxValue)
                    yield break;
                yield return Wait.For(change - t);
                continue;
            }
            var gap = rng.ExponentialNanos(Units.Second / bound);
            if (change != long.MaxValue && t + gap >= change)
            {
                yield return Wait.For(change - t);
                continue;
            }
            yield return Wait.For(gap);
            if (constant || rng.NextDouble() * bound < RateAt(now()))
                arrive();
        }
    }
}
