using StallSim.Engine;
using StallSim.PoolModel.Go;

namespace StallSim.PoolModel.Observe;

/// <summary>
/// Samples a world every <c>sample_every</c> of virtual time (DESIGN.md 5.4) and takes the goroutine
/// census at the scenario's instants. Rates are per second over the interval just ended; gauges are read
/// at the sample instant. Reading never changes the world.
/// </summary>
public sealed class Observer(World world)
{
    private readonly List<Sample> _samples = [];
    private readonly List<CensusSnapshot> _census = [];
    private long _lastArrived, _lastNew, _lastServed, _lastTimeouts, _lastWasted, _lastEvictions;
    private int _peakWaitlist, _peakMutexWaiters;

    public IReadOnlyList<Sample> Samples => _samples;

    internal void Start()
    {
        world.Sim.Start(Sampler());
        var instants = world.Scenario.CensusAt.Count > 0 || world.Scenario.CensusAtPeak ? world.Scenario.CensusAt : [world.Scenario.Horizon];
        foreach (var at in instants.Order()) world.Sim.Start(CensusAt(at));
    }

    private long Evictions => world.Counters.EvictionsBeforeRestart + world.Pool.Wait.Evictions;

    private IEnumerable<Wait> Sampler()
    {
        var every = world.Scenario.SampleEvery;
        var perSecond = (double)Units.Second / every;
        while (true)
        {
            yield return Wait.For(every);
            var c = world.Counters;
            var pool = world.Pool;
            var timeouts = c[Outcome.PoolTimeout];
            var latency = c.Latency;
            var hasLatency = latency.TotalCount > 0;
            _samples.Add(new Sample(
                TimeS: Units.ToSeconds(world.Sim.Now),
                OfferedPerS: (c.Arrived - _lastArrived) * perSecond,
                NewArrivalsPerS: (c.NewArrivals - _lastNew) * perSecond,
                GoodputPerS: (c[Outcome.Served] - _lastServed) * perSecond,
                TimeoutsPerS: (timeouts - _lastTimeouts) * perSecond,
                WastedHandoffsPerS: (c[Outcome.DeadOnArrival] - _lastWasted) * perSecond,
                EvictionsPerS: (Evictions - _lastEvictions) * perSecond,
                InUse: pool.Counters.Borrowed,
                Active: pool.Counters.Active,
                Idle: pool.Counters.Idle,
                Returning: pool.Counters.Returning,
                Dialing: pool.Counters.Dialing,
                WaitlistLength: pool.Wait.List.Count,
                MutexWaiters: pool.Wait.mu.Waiters,
                MutexStarving: pool.Wait.mu.Starving,
                P50Ms: hasLatency ? latency.GetValueAtPercentile(50) / 1000.0 : null,
                P99Ms: hasLatency ? latency.GetValueAtPercentile(99) / 1000.0 : null,
                Goroutines: world.Runtime.LiveGoroutines,
                RequestsArrived: c.Arrived,
                RequestsFinished: c.Finished,
                RequestsInFlight: world.LiveRequests));
            latency.Reset();
            if (world.Scenario.CensusAtPeak) KeepIfPeak();
            world.OnProgress?.Invoke((double)world.Sim.Now / world.Scenario.Horizon);
            _lastArrived = c.Arrived;
            _lastNew = c.NewArrivals;
            _lastServed = c[Outcome.Served];
            _lastTimeouts = timeouts;
            _lastWasted = c[Outcome.DeadOnArrival];
            _lastEvictions = Evictions;
            _peakWaitlist = Math.Max(_peakWaitlist, pool.Wait.List.Count);
            _peakMutexWaiters = Math.Max(_peakMutexWaiters, pool.Wait.mu.Waiters);
        }
    }

    private IEnumerable<Wait> CensusAt(long at)
    {
        yield return Wait.For(at - world.Sim.Now);
        _census.Add(TakeCensus(atPeak: false));
    }

    private CensusSnapshot TakeCensus(bool atPeak)
    {
        var census = world.Runtime.Census();
        var sites = BlockingSite.All.Where(census.ContainsKey).Select(s => (s.Name, census[s])).ToList();
        return new CensusSnapshot(Units.ToSeconds(world.Sim.Now), sites, world.Runtime.LiveGoroutines,
            world.Pool.Wait.List.Count, world.Pool.Wait.mu.Starving, atPeak);
    }

    private CensusSnapshot? _peak;
    private int _peakOnMutex;

    private void KeepIfPeak()
    {
        var onMutex = BlockingSite.All.Where(s => s.OnWaitlistMutex).Sum(world.Runtime.CountAt);
        if (onMutex <= _peakOnMutex) return;
        _peakOnMutex = onMutex;
        _peak = TakeCensus(atPeak: true);
    }

    public RunResult Result()
    {
        var c = world.Counters;
        var judged = VerdictJudge.Judge(world.Scenario, _samples);
        var summary = new RunSummary(
            world.Scenario.Name, world.Variant.Name, world.Seed,
            judged.Baseline, judged.DuringTrigger, judged.Final, judged.FinalOffered, judged.FinalNewArrivals,
            judged.Verdict, judged.RecoveryS,
            WastedHandoffs: c[Outcome.DeadOnArrival],
            Evictions: Evictions,
            Timeouts: c[Outcome.PoolTimeout],
            PeakWaitlist: _peakWaitlist,
            PeakMutexWaiters: _peakMutexWaiters,
            Events: world.Sim.EventsProcessed,
            WallS: null);
        var census = _peak is null ? _census : _census.Append(_peak).OrderBy(c => c.TimeS).ToList();
        return new RunResult(summary, _samples, census);
    }
}
