using StallSim.Engine;
using StallSim.PoolModel.Conns;
using StallSim.PoolModel.Go;
using StallSim.PoolModel.Pool;
using StallSim.PoolModel.Waitlist;

namespace StallSim.PoolModel.Server;

/// <summary>
/// One vttablet process: a Go runtime, the stream pool with its waitlist, the pool's worker, and the
/// goroutine that serves each request (<c>TabletServer.StreamExecute</c>). A restart replaces the whole
/// tablet. What an operator's dashboard shows of it is its <see cref="Snapshot"/>.
/// </summary>
public sealed class Tablet
{
    private readonly ITabletClients _clients;
    private readonly IDatabase _database;
    private readonly CodeCosts _costs;
    private readonly bool _cutQueryAtDeadline;
    private readonly long _poolTimeout;
    private readonly ITabletCounters _counters;

    /// <param name="cutQueryAtDeadline">A query ends at its request's deadline (the context cancels it) rather than running to
    /// its end.</param>
    public Tablet(
        Simulation sim,
        RuntimeSettings runtime,
        PoolSettings pool,
        CodeCosts costs,
        bool cutQueryAtDeadline,
        WaitlistVariant variant,
        ITabletClients clients,
        IDatabase database,
        ITabletCounters counters
    )
    {
        _clients = clients;
        _database = database;
        _costs = costs;
        _cutQueryAtDeadline = cutQueryAtDeadline;
        _poolTimeout = pool.Timeout;
        _counters = counters;
        Runtime = new GoRuntime(sim, runtime);
        Pool = new ConnPool(pool, new Waitlist.Waitlist(Runtime, variant, costs, sim.Random["select"]));
        Runtime.Go(g => Pool.runWorker(g), PoolSites.WorkerSleep);
        if (Runtime.Scheduler is not null)
            _listener = Runtime.Go(Listen, TabletSites.Listening);
    }

    public GoRuntime Runtime { get; }

    public ConnPool Pool { get; }

    /// <summary>A request reaches the tablet: a goroutine of its own serves it. With a scheduler, requests come in
    /// through the listener goroutine (gRPC's reader; the twin's driver), which a timer wakes as they arrive and
    /// which starts each request's goroutine (<c>go</c>: into its P's runnext).</summary>
    public void Serve(ITabletRequest request)
    {
        if (Runtime.Scheduler is null)
        {
            Start(request);
            return;
        }
        _inbox.Enqueue(request);
        if (_listenerWoken)
            return;
        _listenerWoken = true;
        Runtime.ReadyAfter(0, _listener!);
    }

    private readonly Queue<ITabletRequest> _inbox = new();
    private readonly Goroutine? _listener;
    private bool _listenerWoken;

    // The goroutine's owner is its request, so that a parked goroutine holds no closure or pair of its own.
    private void Start(ITabletRequest request) =>
        Runtime.Go(_streamExecute ??= g => StreamExecute(g, (ITabletRequest)g.Owner!), Site.Runnable, request);

    private Func<Goroutine, IEnumerator<Wait>>? _streamExecute;

    private IEnumerable<Wait> Listen(Goroutine g)
    {
        while (true)
        {
            _listenerWoken = false;
            while (_inbox.Count > 0)
                Start(_inbox.Dequeue());
            yield return g.Park(TabletSites.Listening);
        }
    }

    /// <summary>
    /// <c>TabletServer.StreamExecute</c> → <c>getStreamConn</c> → stream → <c>Recycle</c>. The request's
    /// deadline bounds the wait for a connection and, by default, the query; a pool with a timeout (vttablet's
    /// <c>connpool.Pool.Get</c>) waits under a child context that ends at the pool timeout if that comes first.
    /// A request handed a connection after its deadline fails at once and recycles it: the step that closes
    /// the stall's loop.
    /// </summary>
    private IEnumerator<Wait> StreamExecute(Goroutine g, ITabletRequest request)
    {
        if (_costs.Request > 0)
            yield return g.Compute(TabletSites.Serving, _costs.Request);
        var ctx = new Context(Runtime, request.Deadline);
        var waitCtx = _poolTimeout > 0 ? ctx.WithTimeout(_poolTimeout) : ctx;
        var got = new Returns<Conn>();
        foreach (var w in Pool.Get(g, waitCtx, got))
            yield return w;
        _counters.GetReturned(g.Now - request.ArrivedAt);
        if (got.Value is null) // the connection is read from got, not copied: one field fewer in every parked frame
        {
            ctx.Cancel();
            _clients.Finished(request, Outcome.PoolTimeout);
            yield break;
        }

        _counters.Acquisition(g.Now, g.Now - request.ArrivedAt);
        if (ctx.Expired)
        {
            // Get succeeded for a dead request: the stream fails on its context and the connection goes back.
            yield return g.Compute(TabletSites.FailingOnDeadContext, _costs.DeadRequest);
            _clients.Finished(request, Outcome.DeadOnArrival);
            foreach (var w in Pool.Recycle(g, got.Value))
                yield return w;
            yield break;
        }

        var service = _database.QueryTime(g.Now);
        var remaining = ctx.Deadline - g.Now;
        var inTime = service < remaining;
        yield return g.Block(TabletSites.MySqlIo, inTime || !_cutQueryAtDeadline ? service : remaining);
        ctx.Cancel();
        if (inTime || !_cutQueryAtDeadline)
            _counters.QueryCompleted();
        // The response is complete (or failed) here; returning the connection is the server's business.
        _clients.Finished(request, inTime ? Outcome.Served : Outcome.QueryDeadline);
        foreach (var w in Pool.Recycle(g, got.Value))
            yield return w;
    }

    /// <summary>The tablet's gauges now.</summary>
    public TabletSnapshot Snapshot()
    {
        var c = Pool.Counters;
        var wait = Pool.Wait;
        return new TabletSnapshot(
            c.Borrowed,
            c.Active,
            c.Idle,
            c.Returning,
            c.Dialing,
            wait.List.Count,
            wait.mu.Waiters,
            wait.mu.Starving,
            Runtime.LiveGoroutines,
            TabletSites.OnWaitlistMutex.Sum(Runtime.CountAt),
            new PoolTotals(wait.Evictions, c.Acquisitions, c.WaitCount, c.WaitTimeNanos, c.ExpiredHandoffs, c.ResourceExhausted),
            wait.mu.LongestWait
        );
    }

    /// <summary>Goroutines per site now, in the order of <see cref="TabletSites.CensusOrder"/>.</summary>
    public CensusSnapshot Census(bool atPeak)
    {
        var census = Runtime.Census();
        var sites = TabletSites
            .CensusOrder.Where(census.ContainsKey)
            .Select(s => (s, census[s]))
            .Concat(
                census
                    .Where(kv => !TabletSites.CensusOrder.Contains(kv.Key))
                    .OrderBy(kv => kv.Key.Name, StringComparer.Ordinal)
                    .Select(kv => (kv.Key, kv.Value))
            )
            .ToList();
        return new CensusSnapshot(
            Units.ToSeconds(Runtime.Now),
            sites,
            Runtime.LiveGoroutines,
            Pool.Wait.List.Count,
            Pool.Wait.mu.Starving,
            atPeak
        );
    }

    /// <summary>A restart: every goroutine ends at once. Returns the requests that were inside.</summary>
    public IReadOnlyList<ITabletRequest> Kill() =>
        Runtime.KillAll().Select(g => g.Owner).OfType<ITabletRequest>().Where(r => !r.IsFinished).ToList();
}
