using StallSim.Engine;
using StallSim.PoolModel.Observe;
using StallSim.PoolModel.Waitlist;
using StallSim.PoolModel.Workload;

namespace StallSim.PoolModel;

/// <summary>
/// One run: a tablet (<see cref="Server.Tablet"/>) with one waitlist variant, the clients that send it
/// requests, and the observer that samples it, assembled for a (scenario, variant, seed). The result of
/// <see cref="Run"/> is a pure function of those three.
/// </summary>
public sealed class World
{
    private readonly Database _database;

    public World(Scenario scenario, WaitlistVariant variant, ulong seed)
    {
        if (variant.Problem() is { } problem)
            throw new ArgumentException($"variant {variant.Name}: {problem}");
        Scenario = scenario;
        Variant = variant;
        Seed = seed;
        Sim = new Simulation(seed);
        var load = new LoadProfile(scenario.Workload);
        Counters = new RunCounters(load);
        _database = new Database(scenario.Workload.Service, load, Sim.Random["service"]);
        Clients = new Clients(Sim, scenario.Workload, load, Counters, Serve, scenario.Verdict.LatencySlo);
        Tablet = NewTablet();
        Observer = new Observer(
            Sim,
            scenario,
            Counters,
            () => Tablet.Snapshot(),
            atPeak => Tablet.Census(atPeak),
            () => Clients.InFlight,
            load.Trouble
        );
    }

    public Scenario Scenario { get; }

    public WaitlistVariant Variant { get; }

    public ulong Seed { get; }

    public Simulation Sim { get; }

    public Clients Clients { get; }

    public Server.Tablet Tablet { get; private set; }

    public RunCounters Counters { get; }

    public Observer Observer { get; }

    public RunResult Run()
    {
        Clients.Start();
        foreach (var restart in Scenario.Workload.Triggers.Where(t => t.Kind == TriggerKind.Restart))
            Sim.Start(RestartAt(restart.Start));
        Observer.Start();
        Sim.Run(Scenario.Horizon);
        return Observer.Result(Variant.Name, Seed);
    }

    /// <summary>A request reaches the tablet, unless the run already holds as many goroutines as it may.</summary>
    private void Serve(Request request)
    {
        if (Tablet.Runtime.LiveGoroutines >= Scenario.GoroutineLimit)
            throw new RunLimitExceeded(Scenario.Name, Variant.Name, Seed, Sim.Now, Tablet.Runtime.LiveGoroutines, Scenario.GoroutineLimit);
        Tablet.Serve(request);
    }

    private Server.Tablet NewTablet() =>
        new(
            Sim,
            Scenario.Runtime,
            Scenario.Pool,
            Scenario.Costs,
            Scenario.Workload.CutQueryAtDeadline,
            Variant,
            Clients,
            _database,
            Counters
        );

    /// <summary>What production did: restart the tablet. Every goroutine ends and its request fails (its client,
    /// seeing the tablet go away, sends its retry to another tablet), and a new, empty pool serves what arrives
    /// next. Retries already waiting out their backoff still come here.</summary>
    private IEnumerable<Wait> RestartAt(long at)
    {
        yield return Wait.For(at);
        Counters.BeforeRestart += Tablet.Snapshot().Totals;
        foreach (var request in Tablet.Kill())
            Clients.Lost((Request)request);
        Tablet = NewTablet();
        TabletReplaced?.Invoke(Tablet);
    }

    /// <summary>For an observer: a restart put a new tablet (and pool) in place of the old.</summary>
    public event Action<Server.Tablet>? TabletReplaced;
}
