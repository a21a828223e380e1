using StallSim.Engine;
using StallSim.PoolModel.Observe;

namespace StallSim.PoolModel.Workload;

/// <summary>
/// The clients of the tablet, in one place: they send new requests (Poisson, at the load profile's rate),
/// give each a deadline, hear how it ended, and retry a failed one after a jittered backoff. A client stops
/// waiting at its deadline (a gRPC deadline) and retries then, even if the tablet's goroutine for the
/// request is still stuck somewhere.
/// </summary>
public sealed class Clients
{
    private readonly Simulation _sim;
    private readonly WorkloadSettings _workload;
    private readonly RunCounters _counters;
    private readonly RandomStream _deadlines;
    private readonly RandomStream _retryJitter;
    private readonly Action<Request> _send;
    private long _lastId;

    public Clients(Simulation sim, WorkloadSettings workload, LoadProfile load, RunCounters counters, Action<Request> send)
    {
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
        var request = new Request(this, ++_lastId, attempt, _sim.Now, _sim.Now + _workload.Deadline.Sample(_deadlines));
        if (_workload.Retries.Max > attempt) _sim.Schedule(request, request.Deadline - _sim.Now, Request.ClientDeadlineToken);
        _send(request);
        InFlight++;
    }

    /// <summary>The tablet has finished with <paramref name="request"/>: count it, and retry it if it failed and
    /// its client was still waiting.</summary>
    public void Finished(Request request, Outcome outcome)
    {
        if (request.IsFinished) throw new InvalidOperationException("a request finished twice");
        request.IsFinished = true;
        InFlight--;
        _counters.Finish(outcome, _sim.Now - request.ArrivedAt);
        if (request.ClientAnswered) return;   // the client gave up at its deadline already
        request.ClientAnswered = true;
        if (outcome != Outcome.Served && request.Attempt < _workload.Retries.Max) ScheduleRetry(request);
    }

    /// <summary>The tablet went away (a restart) with <paramref name="request"/> inside: its client sees the
    /// connection drop and retries elsewhere, so it sends nothing more here.</summary>
    public void Lost(Request request)
    {
        request.ClientAnswered = true;
        Finished(request, Outcome.Killed);
    }

    internal void ClientDeadline(Request request)
    {
        if (request.ClientAnswered) return;
        request.ClientAnswered = true;
        ScheduleRetry(request);
    }

    private void ScheduleRetry(Request failed)
    {
        var retries = _workload.Retries;
        var jitter = retries.Jitter == 0 ? 1 : _retryJitter.Uniform(1 - retries.Jitter, 1 + retries.Jitter);
        _sim.Schedule(failed, (long)Math.Round(retries.Backoff * jitter), Request.RetryDueToken);
    }

    /// <summary>The backoff after a failed request is over: its client sends the retry, a new request.</summary>
    internal void RetryDue(Request failed) => Send(failed.Attempt + 1);
}
