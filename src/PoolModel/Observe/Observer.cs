using StallSim.Engine;
using StallSim.PoolModel.Server;

namespace StallSim.PoolModel.Observe;

/// <summary>
/// Samples a run every <c>sample_every</c> of virtual time and takes the goroutine census at the scenario's
/// instants (and at the peak). It reads only snapshots: the run's counters, and the tablet's gauges and
/// census as <see cref="World"/> hands them over. Rates are per second over the interval just ended; gauges
/// are read at the sample instant. Reading never changes the run.
/// </summary>
public sealed class Observer(Simulation sim, Scenario scenario, RunCounters counters, Func<TabletSnapshot> tablet,
    Func<bool, CensusSnapshot> census, Func<int> requestsInFlight)
{
    private readonly List<Sample> _samples = [];
    private readonly List<CensusSnapshot> _census = [];
    private long _lastArrived, _lastNew, _lastServed, _lastTimeouts, _lastWasted, _lastEvictions;
    private int _peakWaitlist, _peakMutexWaiters;
    private CensusSnapshot? _peak;
    private int _peakOnMutex;

    public IReadOnlyList<Sample> Samples => _samples;

    /// <summary>Called at every sample with the fraction of the horizon simulated (for a progress display).</summary>
    public Action<double>? OnProgress { get; set; }

    internal void Start()
    {
        sim.Start(Sampler());
        var instants = scenario.CensusAt.Count > 0 || scenario.CensusAtPeak ? scenario.CensusAt : [scenario.Horizon];
        foreach (var at in instants.Order()) sim.Start(CensusAt(at));
    }

    private long Evictions(in TabletSnapshot t) => counters.EvictionsBeforeRestart + t.Evictions;

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
            var evictions = Evictions(t);
            _samples.Add(new Sample(
                TimeS: Units.ToSeconds(sim.Now),
                OfferedPerS: (c.Arrived - _lastArrived) * perSecond,
                NewArrivalsPerS: (c.NewArrivals - _lastNew) * perSecond,
                GoodputPerS: (c[Outcome.Served] - _lastServed) * perSecond,
                TimeoutsPerS: (timeouts - _lastTimeouts) * perSecond,
                WastedHandoffsPerS: (c[Outcome.DeadOnArrival] - _lastWasted) * perSecond,
                EvictionsPerS: (evictions - _lastEvictions) * perSecond,
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
                RequestsInFlight: requestsInFlight()));
            latency.Reset();
            if (scenario.CensusAtPeak && t.OnWaitlistMutex > _peakOnMutex)
            {
                _peakOnMutex = t.OnWaitlistMutex;
                _peak = census(true);
            }
            OnProgress?.Invoke((double)sim.Now / scenario.Horizon);
            _lastArrived = c.Arrived;
            _lastNew = c.NewArrivals;
            _lastServed = c[Outcome.Served];
            _lastTimeouts = timeouts;
            _lastWasted = c[Outcome.DeadOnArrival];
            _lastEvictions = evictions;
            _peakWaitlist = Math.Max(_peakWaitlist, t.WaitlistLength);
            _peakMutexWaiters = Math.Max(_peakMutexWaiters, t.MutexWaiters);
        }
    }

    private IEnumerable<Wait> CensusAt(long at)
    {
        yield return Wait.For(at - sim.Now);
        _census.Add(census(false));
    }

    public RunResult Result(string variant, ulong seed)
    {
        var judged = VerdictJudge.Judge(scenario, _samples);
        var summary = new RunSummary(
            scenario.Name, variant, seed,
            judged.Baseline, judged.DuringTrigger, judged.Final, judged.FinalOffered, judged.FinalNewArrivals,
            judged.Verdict, judged.RecoveryS,
            WastedHandoffs: counters[Outcome.DeadOnArrival],
            Evictions: counters.EvictionsBeforeRestart + tablet().Evictions,
            Timeouts: counters[Outcome.PoolTimeout],
            PeakWaitlist: _peakWaitlist,
            PeakMutexWaiters: _peakMutexWaiters,
            Events: sim.EventsProcessed,
            WallS: null);
        var all = _peak is null ? _census : _census.Append(_peak).OrderBy(c => c.TimeS).ToList();
        return new RunResult(summary, _samples, all);
    }
}
