namespace StallSim.PoolModel.Go;

/// <summary>
/// Go's <c>sync.Mutex</c> (src/sync/mutex.go: <c>Lock</c>, <c>lockSlow</c>, <c>Unlock</c>, <c>unlockSlow</c>),
/// in virtual time.
///
/// The mutex has two modes. In <b>normal mode</b> waiters queue in FIFO order, but a woken waiter does not
/// own the mutex: it competes with goroutines that are running and arrive at Lock at that moment
/// (<i>barging</i>), and newcomers win while the woken one is still being scheduled. A woken waiter that
/// loses re-queues at the <b>head</b>. A waiter that has waited more than the starvation threshold (1 ms)
/// and still finds the mutex locked switches it to <b>starvation mode</b>: Unlock then hands ownership
/// directly to the head waiter, newcomers never grab it and queue at the tail, and every acquisition costs
/// one goroutine hand-off. The mutex goes back to normal mode when a waiter that receives it has waited
/// less than the threshold, or is the last waiter. Normal mode is much faster; starvation mode bounds
/// tail latency, and under a convoy of thousands it is where the mutex stays.
///
/// Not modelled: active spinning before queueing (a few hundred nanoseconds at most, and impossible while
/// the mutex is starving), and the cost of the uncontended fast path (a critical section's cost includes it).
/// </summary>
public sealed class Mutex
{
    private readonly GoRuntime _runtime;
    private readonly Deque<Goroutine> _queue = new();   // the semaphore's queue (runtime/sema.go)
    private Goroutine? _owner;
    private bool _wokenInFlight;

    public Mutex(GoRuntime runtime) => _runtime = runtime;

    public bool Starving { get; private set; }

    public bool IsLocked => _owner is not null;

    /// <summary>Goroutines blocked in Lock: queued on the semaphore, plus one woken and not yet running.</summary>
    public int Waiters => _queue.Count + (_wokenInFlight ? 1 : 0);

    /// <summary>
    /// <c>mu.Lock()</c>, one step of Go's lockSlow loop: true when <paramref name="g"/> owns the mutex;
    /// false when it has queued and must park, then call again when readied. At each blocking site:
    /// <code>while (!mu.Lock(g)) yield return g.Park(site);</code>
    /// </summary>
    public bool Lock(Goroutine g)
    {
        var now = _runtime.Now;
        var threshold = _runtime.Settings.StarvationThreshold;
        if (ReferenceEquals(_owner, g))
        {
            // Starvation mode handed us the mutex while we were parked.
            if (now - g.MutexWaitStart < threshold || _queue.Count == 0) Starving = false;
            Acquired(g);
            return true;
        }
        if (g.MutexWoken) _wokenInFlight = false;
        if (_owner is null && !Starving)
        {
            _owner = g;   // fast path, barging, or a woken waiter that won the race
            Acquired(g);
            return true;
        }
        if (g.MutexWoken && _owner is not null && now - g.MutexWaitStart > threshold) Starving = true;
        if (g.MutexWaitStart < 0) g.MutexWaitStart = now;
        if (g.MutexWoken) _queue.PushFront(g);   // a woken waiter that lost re-queues at the head
        else _queue.PushBack(g);
        return false;
    }

    private static void Acquired(Goroutine g)
    {
        g.MutexWaitStart = -1;
        g.MutexWoken = false;
    }

    /// <summary><c>mu.Unlock()</c>. Yield what it returns: the unlocker goes on at once, except that a scheduler
    /// that yields makes it give its processor to the new owner after a starvation hand-off (<c>semrelease1</c>
    /// with handoff: the owner is in this processor's runnext and runs now, in this time slice).</summary>
    public Engine.Wait Unlock(Goroutine g)
    {
        if (!ReferenceEquals(_owner, g)) throw new InvalidOperationException("sync: unlock of a mutex not held by this goroutine");
        _owner = null;
        if (_queue.Count == 0)
        {
            Starving = false;
            return Engine.Wait.Continue;
        }
        if (Starving)
        {
            var head = _queue.PopFront();
            _owner = head;   // hand-off: ownership passes without the mutex ever being free
            _runtime.Ready(head, _runtime.Settings.MutexHandoff);
            return _runtime.AfterHandoff(g);
        }
        else if (!_wokenInFlight)
        {
            var head = _queue.PopFront();
            _wokenInFlight = true;
            head.MutexWoken = true;
            _runtime.Ready(head, _runtime.Settings.MutexHandoff);
        }
        return Engine.Wait.Continue;
    }
}
