namespace StallSim.Engine;

/// <summary>
/// An event, in SimPy's sense: it is <b>pending</b> until something triggers it (<see cref="Succeed"/>,
/// or its timer coming due), then <b>triggered</b> (queued for processing at the current time), then
/// <b>processed</b>: the processes waiting on it are resumed, in the order they started waiting.
/// A process that waits on an already processed event resumes at once.
/// A pending timer (<see cref="Simulation.Timeout"/>) can be cancelled; its queue entry is then stale and
/// is dropped, unprocessed, when it comes due.
/// An event can be <see cref="Reset"/> after processing and used again, so hot paths need not allocate.
/// </summary>
public sealed class SimEvent : IEventTarget
{
    public enum State
    {
        Pending,
        Triggered,
        Processed,
    }

    private readonly Simulation _sim;

    // Most events have one waiter: it is kept inline, and arrays are allocated only for more.
    private Process? _firstWaiter;
    private int _firstToken;
    private Process?[]? _waiters;
    private int[]? _waiterTokens;
    private int _waiterCount;
    private int _version;
    private bool _dispatching;

    internal SimEvent(Simulation sim) => _sim = sim;

    public State Status { get; private set; }

    public bool IsPending => Status == State.Pending;

    public bool IsProcessed => Status == State.Processed;

    /// <summary>A value carried by the event to whoever waits on it.</summary>
    public object? Value { get; private set; }

    /// <summary>Triggers the event now; waiters resume when it is processed, after what is already due.</summary>
    public void Succeed(object? value = null)
    {
        if (Status != State.Pending)
            throw new InvalidOperationException(
                $"event already {Status.ToString().ToLowerInvariant()}; an event triggers once (Reset it to reuse)"
            );
        _version++; // a pending timer for this event is now stale
        Value = value;
        Status = State.Triggered;
        _sim.Enqueue(this, 0, _version);
    }

    /// <summary>Cancels a pending timer; the event stays pending and will not fire on its own.</summary>
    public void Cancel()
    {
        if (Status == State.Pending)
            _version++;
    }

    /// <summary>Makes a processed (or pending) event pending again, forgetting its value. Waiters that had
    /// registered are forgotten too, except while the event is resuming them: then the ones not yet resumed
    /// still resume (they were waiting for this firing) and later waiters wait for the next one.</summary>
    public void Reset()
    {
        if (Status == State.Triggered)
            throw new InvalidOperationException("cannot reset an event that is triggered but not yet processed");
        _version++;
        Status = State.Pending;
        Value = null;
        if (_dispatching)
            return;
        ClearWaiters(0, _waiterCount);
        _waiterCount = 0;
    }

    internal void ArmTimer(long delay) => _sim.Enqueue(this, delay, _version);

    internal void AddWaiter(Process process, int token)
    {
        if (_waiterCount == 0)
        {
            _firstWaiter = process;
            _firstToken = token;
        }
        else
        {
            var i = _waiterCount - 1; // index in the overflow arrays
            if (_waiters is null || i == _waiters.Length)
            {
                var size = _waiters is null ? 2 : _waiters.Length * 2;
                Array.Resize(ref _waiters, size);
                Array.Resize(ref _waiterTokens, size);
            }
            _waiters[i] = process;
            _waiterTokens![i] = token;
        }
        _waiterCount++;
    }

    private Process WaiterAt(int i, out int token)
    {
        if (i == 0)
        {
            token = _firstToken;
            return _firstWaiter!;
        }
        token = _waiterTokens![i - 1];
        return _waiters![i - 1]!;
    }

    private void SetWaiterAt(int i, Process? process, int token)
    {
        if (i == 0)
        {
            _firstWaiter = process;
            _firstToken = token;
        }
        else
        {
            _waiters![i - 1] = process;
            _waiterTokens![i - 1] = token;
        }
    }

    private void ClearWaiters(int from, int count)
    {
        for (var i = from; i < from + count; i++)
            SetWaiterAt(i, null, 0);
    }

    void IEventTarget.Dispatch(int token)
    {
        if (token != _version)
            return; // cancelled or superseded
        Status = State.Processed;
        _dispatching = true;
        // Only the waiters registered before this firing belong to it. A woken process may Reset the event
        // and wait on it again; such registrations land after `count` and are kept for the next firing.
        var count = _waiterCount;
        for (var i = 0; i < count; i++)
        {
            var process = WaiterAt(i, out var waiterToken);
            SetWaiterAt(i, null, 0);
            process.WakeFrom(this, waiterToken);
        }
        _dispatching = false;
        var later = _waiterCount - count;
        for (var i = 0; i < later; i++)
        {
            var process = WaiterAt(count + i, out var waiterToken);
            SetWaiterAt(i, process, waiterToken);
        }
        ClearWaiters(later, count);
        _waiterCount = later;
    }
}
