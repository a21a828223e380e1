namespace StallSim.PoolModel.Go;

/// <summary>
/// Go's <c>sync.Mutex</c> (MODEL.md 8.1; golang/go src/internal/sync/mutex.go), in virtual time.
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
    private readonly Deque<(Goroutine G, long WaitStart)> _queue = new();
    private Goroutine? _owner;
    private bool _wokenInFlight;

    public Mutex(GoRuntime runtime) => _runtime = runtime;

    public bool Starving { get; private set; }

    /// <summary>Total virtual time the mutex has been held (including hand-offs in starvation mode).</summary>
    public long HeldNanos { get; private set; }

    private long _acquiredAt;
    private BlockingSite? _ownerSite;
    private readonly long[] _heldBySite = new long[BlockingSite.All.Count];

    /// <summary>Virtual time the mutex was held by goroutines that took it at <paramref name="site"/>.</summary>
    public long HeldNanosAt(BlockingSite site) => _heldBySite[site.Index];

    public bool IsLocked => _owner is not null;

    /// <summary>Goroutines blocked in Lock: queued on the semaphore, plus one woken and not yet running.</summary>
    public int Waiters => _queue.Count + (_wokenInFlight ? 1 : 0);

    /// <summary>
    /// <c>mu.Lock()</c>, one step of Go's lockSlow loop: true when <paramref name="g"/> owns the mutex;
    /// false when it has queued and must park, then call again when readied. At each blocking site:
    /// <code>while (!mu.Lock(g, site)) yield return g.Park(site);</code>
    /// </summary>
    public bool Lock(Goroutine g, BlockingSite site)
    {
        var now = _runtime.Now;
        var threshold = _runtime.Costs.StarvationThreshold;
        if (ReferenceEquals(_owner, g))
        {
            // Starvation mode handed us the mutex while we were parked.
            if (now - g.MutexWaitStart < threshold || _queue.Count == 0) Starving = false;
            Acquired(g, site);
            return true;
        }
        if (g.MutexWoken) _wokenInFlight = false;
        if (_owner is null && !Starving)
        {
            _owner = g;   // fast path, barging, or a woken waiter that won the race
            _acquiredAt = now;
            Acquired(g, site);
            return true;
        }
        if (g.MutexWoken && _owner is not null && now - g.MutexWaitStart > threshold) Starving = true;
        if (g.MutexWaitStart < 0) g.MutexWaitStart = now;
        if (g.MutexWoken) _queue.PushFront((g, g.MutexWaitStart));   // a woken waiter that lost re-queues at the head
        else _queue.PushBack((g, g.MutexWaitStart));
        return false;
    }

    private void Acquired(Goroutine g, BlockingSite site)
    {
        _ownerSite = site;
        g.MutexWaitStart = -1;
        g.MutexWoken = false;
    }

    /// <summary><c>mu.Unlock()</c>.</summary>
    public void Unlock(Goroutine g)
    {
        if (!ReferenceEquals(_owner, g)) throw new InvalidOperationException("sync: unlock of a mutex not held by this goroutine");
        _owner = null;
        HeldNanos += _runtime.Now - _acquiredAt;
        _heldBySite[_ownerSite!.Index] += _runtime.Now - _acquiredAt;
        _acquiredAt = _runtime.Now;   // a starvation hand-off keeps it held from here
        if (_queue.Count == 0)
        {
            Starving = false;
            return;
        }
        if (Starving)
        {
            var head = _queue.PopFront();
            _owner = head.G;   // hand-off: ownership passes without the mutex ever being free
            head.G.Ready(_runtime.Costs.MutexHandoff);
        }
        else if (!_wokenInFlight)
        {
            var head = _queue.PopFront();
            _wokenInFlight = true;
            head.G.MutexWoken = true;
            head.G.Ready(_runtime.Costs.MutexHandoff);
        }
    }
}
