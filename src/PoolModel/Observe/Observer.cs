using StallSim.Engine;
using StallSim.PoolModel.Server;

namespace StallSim.PoolModel.Observe;

/// <summary>
/// Samples a run every <c>sample_every</c> of virtual time and takes the goroutine census at the scenario's
/// instants (and at the peak). It reads only snapshots: the run's counters, and the tablet's gauges and
/// census as <see cref="World"/> hands them over. Rates are per second over the interval just ended; gauges
/// are read at the sample instant. Reading never changes the run.
/// </summary>
public sealed class Observer(
    Simulation sim,
    Scenario scenario,
    RunCounters counters,
    Func<TabletSnapshot> tablet,
    Func<bool, CensusSnapshot> census,
    Func<int> requestsInFlight,
    (long Start, long End)? trouble
)
{
    private readonly List<Sample> _samples = [];
    private readonly List<CensusSnapshot> _census = [];
    private long _lastArrived,
        _lastNew,
        _lastServed,
        _lastTimeouts,
        _lastWasted,
        _lastCompleted;
    private PoolTotals _last;
    private int _peakWaitlist,
        _peakMutexWaiters;
    private long _longestMutexWait; // across restarts, each of which starts a new wl.mu
    private CensusSnapshot? _peak;
    private int _peakOnMutex;
    private bool _censusAtHorizon;

    public IReadOnlyList<Sample> Samples => _samples;

    /// <summary>Called at a sample, every half per cent of the horizon, with the fraction simulated (for a progress display).</summary>
    public Action<double>? OnProgress { get; set; }

    private long _nextProgress;

    internal void Start()
    {
        sim.Start(Sampler());
        var instants = scenario.CensusAt.Count > 0 || scenario.CensusAtPeak ? scenario.CensusAt : [scenario.Horizon];
        // The run stops before anything due at the horizon happens, so a census there is taken when it has
        // stopped (Result): the state the run ends in.
        foreach (var at in instants.Order())
            if (at < scenario.Horizon)
                sim.Start(CensusAt(at));
            else
                _censusAtHorizon = true;
    }

    /// <summary>The pool's counters since the run began, across restarts.</summary>
    private PoolTotals Totals(in TabletSnapshot t) => counters.BeforeRestart + t.Totals;

    private static Counts CountsOf(in PoolTotals now, in PoolTotals before, long completed, long served) =>
        new(
            now.WaitCount - before.WaitCount,
            now.WaitCount == before.WaitCount
                ? null
                : (now.WaitTimeNanos - before.WaitTimeNanos) / 1e6 / (now.WaitCount - before.WaitCount),
            now.ResourceExhausted - before.ResourceExhausted,
            now.ExpiredHandoffs - before.ExpiredHandoffs,
            now.Evictions - before.Evictions,
            now.Acquisitions - before.Acquisitions,
            completed,
            served
        );

    private IEnumerable<Wait> Sampler()
    {
        var every = scenario.SampleEvery;
        var perSecond = (double)Units.Second / every;
        while (true)
        {
            yield return Wait.For(every);
            var c = counters;
            var t = tablet();
            var timeouts = c[Outcome.PoolTimeout];
            var latency = c.Latency;
            var hasLatency = latency.TotalCount > 0;
            var totals = Totals(t);
            _samples.Add(
                new Sample(
                    TimeS: Units.ToSeconds(sim.Now),
                    OfferedPerS: (c.Arrived - _lastArrived) * perSecond,
                    NewArrivalsPerS: (c.NewArrivals - _lastNew) * perSecond,
                    GoodputPerS: (c[Outcome.Served] - _lastServed) * perSecond,
                    TimeoutsPerS: (timeouts - _lastTimeouts) * perSecond,
                    WastedHandoffsPerS: (c[Outcome.DeadOnArrival] - _lastWasted) * perSecond,
                    EvictionsPerS: (totals.Evictions - _last.Evictions) * perSecond,
                    InUse: t.InUse,
                    Active: t.Active,
                    Idle: t.Idle,
                    Returning: t.Returning,
                    Dialing: t.Dialing,
                    WaitlistLength: t.WaitlistLength,
                    MutexWaiters: t.MutexWaiters,
                    MutexStarving: t.MutexStarving,
                    P50Ms: hasLatency ? latency.GetValueAtPercentile(50) / 1000.0 : null,
                    P99Ms: hasLatency ? latency.GetValueAtPercentile(99) / 1000.0 : null,
                    Goroutines: t.Goroutines,
                    RequestsArrived: c.Arrived,
                    RequestsFinished: c.Finished,
                    RequestsInFlight: requestsInFlight(),
                    Capacity: scenario.Pool.Capacity,
                    Available: scenario.Pool.Capacity - t.InUse,
                    Counts: CountsOf(totals, _last, c.QueriesCompleted - _lastCompleted, c[Outcome.Served] - _lastServed)
                )
            );
            if (hasLatency)
                latency.Reset(); // clearing an empty histogram zeroes its 26 KB of counts for nothing: 9% of a stalled run
            if (scenario.CensusAtPeak && t.OnWaitlistMutex > _peakOnMutex)
            {
                _peakOnMutex = t.OnWaitlistMutex;
                _peak = census(true);
            }
            if (OnProgress is not null && sim.Now >= _nextProgress)
            {
                // Every half per cent of the horizon: a report per sample cost a stalled run 4% of its time.
                _nextProgress = sim.Now + scenario.Horizon / 200;
                OnProgress((double)sim.Now / scenario.Horizon);
            }
            _lastArrived = c.Arrived;
            _lastNew = c.NewArrivals;
            _lastServed = c[Outcome.Served];
            _lastTimeouts = timeouts;
            _lastWasted = c[Outcome.DeadOnArrival];
            _last = totals;
            _lastCompleted = c.QueriesCompleted;
            _peakWaitlist = Math.Max(_peakWaitlist, t.WaitlistLength);
            _peakMutexWaiters = Math.Max(_peakMutexWaiters, t.MutexWaiters);
            _longestMutexWait = Math.Max(_longestMutexWait, t.LongestMutexWait);
        }
    }

    private IEnumerable<Wait> CensusAt(long at)
    {
        yield return Wait.For(at - sim.Now);
        _census.Add(census(false));
    }

    public RunResult Result(string variant, ulong seed)
    {
        if (_censusAtHorizon)
        {
            _census.Add(census(false));
            _censusAtHorizon = false;
        }
        var judged = VerdictJudge.Judge(scenario, trouble, _samples);
        var end = tablet();
        var totals = Totals(end);
        var summary = new RunSummary(
            scenario.Name,
            variant,
            seed,
            judged.Baseline,
            judged.DuringTrigger,
            judged.Final,
            judged.FinalOffered,
            judged.FinalNewArrivals,
            judged.Verdict,
            judged.RecoveryS,
            WastedHandoffs: counters[Outcome.DeadOnArrival],
            Evictions: totals.Evictions,
            Timeouts: counters[Outcome.PoolTimeout],
            PeakWaitlist: _peakWaitlist,
            PeakMutexWaiters: _peakMutexWaiters,
            Events: sim.EventsProcessed,
            WallS: null,
            VerdictReason: judged.Reason,
            Counts: CountsOf(totals, default, counters.QueriesCompleted, counters[Outcome.Served]),
            Retries: counters.RetryArrivals,
            RetriesDenied: counters.RetriesDenied,
            Phases: [.. Enum.GetValues<Phase>().Select(PhaseStatsOf)],
            DrainS: judged.DrainS,
            LatencyRecoveryS: judged.LatencyRecoveryS,
            LongestMutexWaitS: Units.ToSeconds(Math.Max(_longestMutexWait, end.LongestMutexWait))
        );
        var all = _peak is null ? _census : _census.Append(_peak).OrderBy(c => c.TimeS).ToList();
        return new RunResult(summary, _samples, all, NoGoroutineOnMutex: scenario.CensusAtPeak && _peak is null);
    }

    private PhaseStats PhaseStatsOf(Phase phase)
    {
        var p = counters.Phases[(int)phase];
        double? Ms(HdrHistogram.LongHistogram h, double percentile) =>
            h.TotalCount == 0 ? null : h.GetValueAtPercentile(percentile) / 1000.0;
        return new PhaseStats(
            phase,
            Ms(p.AcquireWait, 50),
            Ms(p.AcquireWait, 99),
            Ms(p.AcquireWait, 99.9),
            Ms(p.RequestLatency, 50),
            Ms(p.RequestLatency, 99),
            Ms(p.RequestLatency, 99.9)
        );
    }
}
