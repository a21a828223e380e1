namespace StallSim.Engine;

/// <summary>
/// A process is a C# iterator that yields <see cref="Wait"/> values, as in SimSharp and SimPy: the body
/// runs until it yields what it waits for, and the simulation resumes it when that happens.
/// Each suspension has a token; every way of resuming (a delay coming due, an event being processed, a
/// resource grant) carries the token it was registered with, and only the current token resumes the
/// process. That is how "the first of several events" resumes exactly once: the losers carry an old token.
/// A process that is itself what it models (a goroutine) derives from it, and is told when it parks and when it
/// finishes (<see cref="OnParked"/>, <see cref="OnFinished"/>); so a parked goroutine is one object, not two.
/// </summary>
public class Process : IEventTarget
{
    private readonly Simulation _sim;
    private IEnumerator<Wait> _body;
    private int _token;
    private bool _parked;

    internal Process(Simulation sim, IEnumerator<Wait> body)
    {
        _sim = sim;
        _body = body;
    }

    /// <summary>A process whose body needs the process itself: <see cref="Simulation.Adopt"/> gives it one.</summary>
    protected Process(Simulation sim)
    {
        _sim = sim;
        _body = null!;
    }

    internal void SetBody(IEnumerator<Wait> body) => _body = body;

    /// <summary>Called once the process has parked for good (<see cref="Wait.Park"/>) and is no longer the running
    /// one: from then on a waker can claim it.</summary>
    protected virtual void OnParked() { }

    /// <summary>Called when the process has finished: its body ended, or it was killed.</summary>
    protected virtual void OnFinished() { }

    public bool IsAlive { get; private set; } = true;

    /// <summary>The event that resumed the process, read in the step it resumed; null when a delay or a resource
    /// grant did, and outside its steps. The simulation keeps it for the running process only, so that a parked
    /// process does not carry it.</summary>
    public SimEvent? ResumedBy => ReferenceEquals(_sim.ActiveProcess, this) ? _sim.ActiveResumedBy : null;

    /// <summary>True when the last <see cref="Wait.Park"/> ended at its deadline, false when a waker claimed it.</summary>
    public bool DeadlineWon { get; private set; }

    /// <summary>Processed when the body has finished. Few processes are waited on, so the simulation keeps these
    /// events, not every process: a million parked goroutines do not carry a field that none of them uses.</summary>
    public SimEvent Done => _sim.DoneOf(this, IsAlive);

    internal void Start() => _sim.Enqueue(this, 0, _token);

    void IEventTarget.Dispatch(int token)
    {
        if (token != _token)
            return;
        if (_parked)
        {
            _parked = false; // the park's deadline came first
            DeadlineWon = true;
        }
        Resume(null);
    }

    internal void WakeFrom(SimEvent ev, int token)
    {
        if (token == _token)
            Resume(ev);
    }

    private void Resume(SimEvent? by)
    {
        var previous = _sim.ActiveProcess;
        var previousBy = _sim.ActiveResumedBy;
        _sim.ActiveProcess = this;
        var parked = false;
        try
        {
            while (true)
            {
                _token++;
                _sim.ActiveResumedBy = by;
                if (!_body.MoveNext())
                {
                    Finish();
                    return;
                }
                var wait = _body.Current;
                switch (wait.Target)
                {
                    case null:
                        if (wait.Delay >= 0)
                            _sim.Enqueue(this, wait.Delay, _token); // else: passivated
                        return;
                    case var marker when ReferenceEquals(marker, Wait.ContinueMarker):
                        by = null;
                        continue;
                    case var marker when ReferenceEquals(marker, Wait.ParkMarker):
                        _parked = true;
                        DeadlineWon = false;
                        if (wait.Delay >= 0)
                            _sim.Enqueue(this, wait.Delay, _token);
                        parked = true;
                        return;
                    case SimEvent ev:
                        if (ev.IsProcessed)
                        {
                            by = ev;
                            continue;
                        }
                        ev.AddWaiter(this, _token);
                        if (wait.Delay >= 0)
                            _sim.Enqueue(this, wait.Delay, _token);
                        return;
                    case SimEvent[] events:
                        var ready = Array.Find(events, e => e.IsProcessed);
                        if (ready is not null)
                        {
                            by = ready;
                            continue;
                        }
                        foreach (var e in events)
                            e.AddWaiter(this, _token);
                        return;
                    case Resource resource:
                        if (resource.TryAcquire(this, _token))
                        {
                            by = null;
                            continue;
                        }
                        return;
                    default:
                        throw new InvalidOperationException($"a process yielded an unknown wait ({wait.Target.GetType().Name})");
                }
            }
        }
        finally
        {
            _sim.ActiveProcess = previous;
            _sim.ActiveResumedBy = previousBy;
            // Told once the process is suspended, and no longer the running one: the owner may claim and
            // activate it from here.
            if (parked)
                OnParked();
        }
    }

    /// <summary>Takes a parked process for a waker: its deadline will no longer end the park. False when it is not
    /// parked (its deadline won, or another waker claimed it first). The waker resumes it with <see cref="Activate"/>
    /// when it is to run.</summary>
    public bool Claim()
    {
        if (!_parked)
            return false;
        _parked = false;
        _token++; // the deadline's queue entry is stale now
        return true;
    }

    /// <summary>Resumes a suspended process after <paramref name="delay"/>, whatever it waits for; what it was
    /// waiting for will no longer resume it (<see cref="ResumedBy"/> is null). Another event that resumes it
    /// first makes this activation stale.</summary>
    public void Activate(long delay)
    {
        if (delay < 0)
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "a delay cannot be negative");
        if (!IsAlive)
            throw new InvalidOperationException("activate of a finished process");
        if (ReferenceEquals(_sim.ActiveProcess, this))
            throw new InvalidOperationException("a running process cannot activate itself");
        _sim.Enqueue(this, delay, _token);
    }

    /// <summary>Ends the process where it stands: whatever it waits for will no longer resume it.
    /// (A Go program has no such thing; the model uses it for a tablet restart, which kills every goroutine.)</summary>
    public void Kill()
    {
        if (!IsAlive)
            return;
        _token++;
        _parked = false;
        Finish();
    }

    internal void GrantFromQueue(int token) => _sim.Enqueue(this, 0, token);

    private void Finish()
    {
        IsAlive = false;
        _body.Dispose();
        _sim.ProcessFinished();
        OnFinished();
        _sim.DoneEventOf(this)?.Succeed();
    }
}
