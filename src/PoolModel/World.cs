using StallSim.Engine;
using StallSim.PoolModel.Go;
using StallSim.PoolModel.Observe;
using StallSim.PoolModel.Pool;
using StallSim.PoolModel.Waitlist;
using StallSim.PoolModel.Workload;

namespace StallSim.PoolModel;

/// <summary>
/// One simulated tablet under one workload: the simulation, the Go runtime, the pool with one waitlist
/// variant, the clients that send requests (and retry them), and the observers. Build one per
/// (scenario, variant, seed) and call <see cref="Run"/>; the result is a pure function of those three.
/// </summary>
public sealed class World
{
    private readonly RandomStream _deadlines;
    private readonly RandomStream _retryJitter;

    public World(Scenario scenario, WaitlistVariant variant, ulong seed)
    {
        var problem = scenario.Problems().FirstOrDefault();
        if (problem.Key is not null) throw new ArgumentException($"{problem.Key}: expected {problem.Problem}");
        if (variant.Problem() is { } variantProblem) throw new ArgumentException($"variant {variant.Name}: {variantProblem}");
        Scenario = scenario;
        Variant = variant;
        Seed = seed;
        Sim = new Simulation(seed);
        _deadlines = Streams["deadline"];
        _retryJitter = Streams["retries"];
        ServiceTimes = Streams["service"];
        Load = new LoadProfile(scenario.Workload);
        Runtime = NewRuntime();
        Pool = NewPool();
        Observer = new Observer(this);
    }

    public Scenario Scenario { get; }

    public WaitlistVariant Variant { get; }

    public ulong Seed { get; }

    public Simulation Sim { get; }

    public RandomStreams Streams => Sim.Random;

    /// <summary>The stream query times are drawn from.</summary>
    public RandomStream ServiceTimes { get; }

    public LoadProfile Load { get; }

    public GoRuntime Runtime { get; private set; }

    public ConnPool Pool { get; private set; }

    public RunCounters Counters { get; } = new();

    public Observer Observer { get; }

    /// <summary>Called at every sample with the fraction of the horizon simulated (for a progress display).</summary>
    public Action<double>? OnProgress { get; set; }

    /// <summary>Requests inside the tablet (arrived, not finished). A finished request's goroutine may still
    /// be returning its connection: it is a goroutine then, no longer a request.</summary>
    public int LiveRequests { get; private set; }

    public RunResult Run()
    {
        Sim.Start(Load.Arrivals(() => Sim.Now, Streams["arrivals"], () => Arrive(attempt: 0)));
        if (Scenario.Workload.RestartAt is { } restartAt) Sim.Start(RestartAt(restartAt));
        Observer.Start();
        Sim.Run(Scenario.Horizon);
        return Observer.Result();
    }

    private GoRuntime NewRuntime() =>
        new(Sim, new RuntimeCosts(Scenario.Go.Wake, Scenario.Go.MutexHandoff, Scenario.Go.StarvationThreshold));

    private ConnPool NewPool()
    {
        var pool = new ConnPool(Runtime, Scenario.Pool, Scenario.Go, Variant, Streams["select"]);
        Runtime.Go(g => pool.Wait.runWorker(g), BlockingSite.WorkerSleep);
        return pool;
    }

    private void Arrive(int attempt)
    {
        Counters.Arrival(retry: attempt > 0);
        var request = new Request(this, attempt, Sim.Now + Scenario.Workload.Deadline.Sample(_deadlines));
        if (Scenario.Workload.Retries.Max > attempt) Sim.Schedule(request, request.Deadline - Sim.Now, Request.ClientDeadlineToken);
        Runtime.Go(static g => ((Request)g.Owner!).StreamExecute(g), BlockingSite.Runnable, owner: request);   // a static lambda: no delegate per request
        LiveRequests++;
    }

    internal void Finished(Request request, Outcome outcome)
    {
        if (request.IsFinished) throw new InvalidOperationException("a request finished twice");
        request.IsFinished = true;
        LiveRequests--;
        Counters.Finish(outcome, Sim.Now - request.ArrivedAt);
        if (request.ClientAnswered) return;   // the client gave up at its deadline already
        request.ClientAnswered = true;
        if (outcome != Outcome.Served && request.Attempt < Scenario.Workload.Retries.Max) ScheduleRetry(request);
    }

    /// <summary>The client's side of a request that may be retried: at its deadline it stops waiting for the
    /// tablet (a gRPC deadline) and retries, even if the tablet's goroutine is still stuck somewhere.</summary>
    internal void ClientDeadline(Request request)
    {
        if (request.ClientAnswered) return;
        request.ClientAnswered = true;
        ScheduleRetry(request);
    }

    private void ScheduleRetry(Request failed)
    {
        var retries = Scenario.Workload.Retries;
        var jitter = retries.Jitter == 0 ? 1 : _retryJitter.Uniform(1 - retries.Jitter, 1 + retries.Jitter);
        Sim.Schedule(failed, (long)Math.Round(retries.Backoff * jitter), Request.RetryDueToken);
    }

    /// <summary>The backoff after a failed request is over: its client sends the retry, a new request.</summary>
    internal void RetryDue(Request failed) => Arrive(failed.Attempt + 1);

    /// <summary>What production did: restart the tablet. Every goroutine ends and its request fails (its client,
    /// seeing the tablet go away, sends its retry to another tablet), and a new, empty pool serves what arrives
    /// next. Retries already waiting out their backoff still come here.</summary>
    private IEnumerable<Wait> RestartAt(long at)
    {
        yield return Wait.For(at);
        Counters.EvictionsBeforeRestart += Pool.Wait.Evictions;
        foreach (var g in Runtime.KillAll())
            if (g.Owner is Request { IsFinished: false } request)
            {
                request.ClientAnswered = true;   // its client sees the tablet go away and retries elsewhere
                Finished(request, Outcome.Killed);
            }
        Runtime = NewRuntime();
        Pool = NewPool();
    }
}
