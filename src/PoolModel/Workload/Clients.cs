using StallSim.Engine;
using StallSim.PoolModel.Server;

namespace StallSim.PoolModel.Workload;

/// <summary>
/// The clients of the tablet, in one place: they send new requests (Poisson, at the load profile's rate),
/// give each a deadline, hear how it ended, and retry a failed one after a backoff, if the failure is one
/// they retry on and the retry budget allows it. A client stops waiting at its deadline (a gRPC deadline) and
/// may retry then, even if the tablet's goroutine for the request is still stuck somewhere.
/// </summary>
public sealed class Clients : ITabletClients
{
    private readonly Simulation _sim;
    private readonly WorkloadSettings _workload;
    private readonly IClientCounters _counters;
    private readonly RandomStream _deadlines;
    private readonly RandomStream _retryJitter;
    private readonly Action<Request> _send;
    private readonly Queue<long> _recentRequests = new();
    private readonly Queue<long> _recentRetries = new();
    private long _lastId;

    private readonly long _latencySlo;

    /// <param name="latencySlo">verdict.latency_slo: a request served later than this is late, not goodput (0: none).</param>
    public Clients(
        Simulation sim,
        WorkloadSettings workload,
        LoadProfile load,
        IClientCounters counters,
        Action<Request> send,
        long latencySlo
    )
    {
        _latencySlo = latencySlo;
        _sim = sim;
        _workload = workload;
        _counters = counters;
        _send = send;
        Load = load;
        _deadlines = sim.Random["deadline"];
        _retryJitter = sim.Random["retries"];
    }

    public LoadProfile Load { get; }

    /// <summary>Requests sent and not finished by the tablet. A finished request's goroutine may still be
    /// returning its connection: it is a goroutine then, no longer a request.</summary>
    public int InFlight { get; private set; }

    /// <summary>Starts the arrival process of new requests.</summary>
    public void Start() => _sim.Start(Load.Arrivals(() => _sim.Now, _sim.Random["arrivals"], () => Send(attempt: 0)));

    private void Send(int attempt)
    {
        _counters.Arrival(retry: attempt > 0);
        if (attempt == 0 && _workload.Retries.Budget is not null)
            _recentRequests.Enqueue(_sim.Now);
        var request = new Request(
            this,
            ++_lastId,
            attempt,
            _sim.Now,
            _sim.Now + Load.DeadlineAt(_sim.Now, _workload.Deadline).Sample(_deadlines)
        );
        if (_workload.Retries.Max > attempt && _workload.Retries.On.HasFlag(RetryOn.Deadline))
            _sim.Schedule(request, request.Deadline - _sim.Now, Request.ClientDeadlineToken);
        Sent?.Invoke(request);
        _send(request);
        InFlight++;
    }

    /// <summary>For an observer that follows requests by identity: each one sent.</summary>
    public Action<Request>? Sent { get; set; }

    /// <summary>For an observer that follows requests by identity: each one the tablet finished, and how.</summary>
    public Action<Request, Outcome>? Ended { get; set; }

    /// <summary>The tablet has finished with <paramref name="request"/>: count it, and retry it if it failed, its
    /// client was still waiting, and the client retries on that failure.</summary>
    public void Finished(Request request, Outcome outcome)
    {
        if (request.IsFinished)
            throw new InvalidOperationException("a request finished twice");
        if (outcome == Outcome.Served && _latencySlo > 0 && _sim.Now - request.ArrivedAt > _latencySlo)
            outcome = Outcome.Late;
        request.IsFinished = true;
        Ended?.Invoke(request, outcome);
        InFlight--;
        _counters.Finish(request, outcome, _sim.Now);
        if (request.ClientAnswered)
            return; // the client gave up at its deadline already
        request.ClientAnswered = true;
        var reason = outcome switch
        {
            Outcome.Served or Outcome.Late => RetryOn.None,
            Outcome.PoolTimeout => RetryOn.PoolTimeout,
            Outcome.Killed => RetryOn.Error,
            _ => RetryOn.Deadline,
        };
        if (reason != RetryOn.None)
            MaybeRetry(request, reason);
    }

    /// <summary>The tablet went away (a restart) with <paramref name="request"/> inside: its client sees the
    /// connection drop. It retries here only if it retries on errors; otherwise it goes elsewhere.</summary>
    public void Lost(Request request) => Finished(request, Outcome.Killed);

    void ITabletClients.Finished(ITabletRequest request, Outcome outcome) => Finished((Request)request, outcome);

    internal void ClientDeadline(Request request)
    {
        if (request.ClientAnswered)
            return;
        request.ClientAnswered = true;
        MaybeRetry(request, RetryOn.Deadline);
    }

    private void MaybeRetry(Request failed, RetryOn reason)
    {
        var retries = _workload.Retries;
        if (failed.Attempt >= retries.Max || !retries.On.HasFlag(reason))
            return;
        if (!BudgetAllows(retries.Budget))
        {
            _counters.RetryDenied();
            return;
        }
        var jitter = retries.Backoff.Jitter == 0 ? 1 : _retryJitter.Uniform(1 - retries.Backoff.Jitter, 1 + retries.Backoff.Jitter);
        if (retries.Budget is not null)
            _recentRetries.Enqueue(_sim.Now); // the budget counts a retry when it is decided
        _sim.Schedule(failed, (long)Math.Round(retries.Backoff.Before(failed.Attempt + 1) * jitter), Request.RetryDueToken);
    }

    /// <summary>Retries decided over the last window stay under ratio × new requests + the minimum.</summary>
    private bool BudgetAllows(RetryBudget? budget)
    {
        if (budget is null)
            return true;
        var since = _sim.Now - RetryBudget.Window;
        while (_recentRequests.Count > 0 && _recentRequests.Peek() <= since)
            _recentRequests.Dequeue();
        while (_recentRetries.Count > 0 && _recentRetries.Peek() <= since)
            _recentRetries.Dequeue();
        var allowed = budget.Ratio * _recentRequests.Count + budget.MinPerS * Units.ToSeconds(RetryBudget.Window);
        return _recentRetries.Count + 1 <= allowed;
    }

    /// <summary>The backoff after a failed request is over: its client sends the retry, a new request.</summary>
    internal void RetryDue(Request failed) => Send(failed.Attempt + 1);
}
