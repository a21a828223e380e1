namespace StallSim.PoolModel.Go;

/// <summary>
/// Go's <c>sync.Mutex</c> (src/sync/mutex.go: <c>Lock</c>, <c>lockSlow</c>, <c>Unlock</c>, <c>unlockSlow</c>) on
/// the runtime semaphore (<see cref="Semaphore"/>, src/runtime/sema.go), in virtual time: the state word's bits
/// and waiter count, and lockSlow's loop step by step.
///
/// The mutex has two modes. In <b>normal mode</b> Unlock wakes the head waiter, which does not own the mutex:
/// it competes with goroutines that are running and arrive at Lock meanwhile (<i>barging</i>), and a woken
/// waiter that loses queues again at the <b>head</b>. A waiter that has waited more than the starvation
/// threshold (1 ms) and still finds the mutex locked switches it to <b>starvation mode</b>: Unlock then hands
/// ownership directly to the head waiter, newcomers queue at the tail, and the mutex goes back to normal mode
/// when its new owner waited less than the threshold or was the last waiter.
///
/// Both hand-overs go through the semaphore's count, which anyone may take (<see cref="RuntimeSettings.SemaphoreRace"/>):
/// a goroutine that reaches <c>semacquire1</c> while a normal-mode wake-up is in flight takes the count, and so
/// does one that arrives in the window of a starvation-mode hand-off between <c>semrelease1</c>'s
/// <c>Xadd</c> and its <c>cansemacquire</c> (<see cref="RuntimeSettings.SemaWindow"/>). The taker owns the
/// mutex having waited nothing, so starvation mode ends; the goroutine the release readied finds no count and
/// queues again, at the tail on its first wait.
///
/// Not modelled: active spinning before queueing in normal mode (up to four rounds of <c>procyield(30)</c>, 746 ns
/// each on the calibration machine; a prototype of it changed nothing that matters:
/// docs/model.md#what-is-not-modelled-and-why), and the cost of the uncontended fast path (a critical section's cost includes it).
/// </summary>
public sealed class Mutex
{
    private readonly GoRuntime _runtime;
    private readonly Semaphore _sema = new();

    // m.state: mutexLocked, mutexWoken, mutexStarving and the waiter count (state >> mutexWaiterShift).
    private bool _locked;
    private bool _woken;
    private bool _starving;
    private int _registered;

    private int _readied; // readied by a release and not yet running again in Lock

    private long _longestWait; // of the goroutines that have owned it after waiting

    public Mutex(GoRuntime runtime) => _runtime = runtime;

    public bool Starving => _starving;

    public bool IsLocked => _locked;

    /// <summary>
    /// The longest any goroutine has waited in Lock so far: from lockSlow's waitStartTime to owning the mutex, or to now
    /// for the one queued longest. That one is the semaphore queue's head, since newcomers queue at the tail and only a
    /// woken waiter, the oldest, queues again at the head. A goroutine dump tags a goroutine parked a minute or more
    /// with ", N minutes" (src/runtime/traceback.go, goroutineheader, from g.waitsince, which the GC sets when its mark
    /// phase finds the goroutine waiting and which clears whenever it runs), so a dump without tags bounds this wait.
    /// </summary>
    public long LongestWait =>
        _sema.Head is { MutexWaitStart: >= 0 } head ? Math.Max(_longestWait, _runtime.Now - head.MutexWaitStart) : _longestWait;

    /// <summary>Goroutines blocked in Lock: parked on the semaphore, plus those readied and not yet running.</summary>
    public int Waiters => _sema.Queued + _readied;

    /// <summary>
    /// <c>mu.Lock()</c>: true when <paramref name="g"/> owns the mutex; false when it has parked on the semaphore
    /// and must call again when readied. At each blocking site:
    /// <code>while (!mu.Lock(g)) yield return g.Park(site);</code>
    /// </summary>
    public bool Lock(Goroutine g)
    {
        if (g.SemaParked)
        {
            // semacquire1, back from goparkunlock: `if s.ticket != 0 || cansemacquire(addr) { break }`, else queue again.
            g.SemaParked = false;
            _readied--;
            var ticket = g.SemaTicket;
            g.SemaTicket = false;
            if (!ticket && !_sema.TryAcquire())
                return Park(g, g.SemaLifo);
            if (AfterSemacquire(g))
                return true;
        }
        else if (!_locked && !_woken && !_starving && _registered == 0)
        {
            _locked = true; // Lock's fast path: CompareAndSwapInt32(&m.state, 0, mutexLocked)
            return true;
        }
        return lockSlow(g);
    }

    /// <summary>lockSlow's loop, without the active spinning: one CAS on the state word, then either the mutex is
    /// ours or the goroutine goes to the semaphore.</summary>
    private bool lockSlow(Goroutine g)
    {
        while (true)
        {
            var oldLocked = _locked;
            var oldStarving = _starving;
            if (!oldStarving)
                _locked = true; // don't try to acquire a starving mutex
            if (oldLocked || oldStarving)
                _registered++;
            if (g.MutexStarving && oldLocked)
                _starving = true;
            if (g.MutexAwoke)
                _woken = false;
            if (!oldLocked && !oldStarving)
            {
                Acquired(g); // locked the mutex with CAS
                return true;
            }
            var queueLifo = g.MutexWaitStart >= 0;
            if (!queueLifo)
                g.MutexWaitStart = _runtime.Now;
            // runtime_SemacquireMutex → semacquire1: the easy case, else park (the second cansemacquire under
            // root.lock happens at the same instant, so it cannot succeed where the first failed).
            if (!_sema.TryAcquire())
                return Park(g, queueLifo);
            if (AfterSemacquire(g))
                return true;
        }
    }

    /// <summary>lockSlow after runtime_SemacquireMutex returns: in starvation mode the mutex was handed to us;
    /// otherwise we were woken, and go round the loop again.</summary>
    private bool AfterSemacquire(Goroutine g)
    {
        g.MutexStarving = g.MutexStarving || _runtime.Now - g.MutexWaitStart > _runtime.Settings.StarvationThreshold;
        if (_starving)
        {
            if (_locked || _woken || _registered == 0)
                throw new InvalidOperationException("sync: inconsistent mutex state");
            _locked = true;
            if (!g.MutexStarving || _registered == 1)
                _starving = false; // exit starvation mode
            _registered--;
            Acquired(g);
            return true;
        }
        g.MutexAwoke = true;
        return false;
    }

    private bool Park(Goroutine g, bool lifo)
    {
        _sema.Queue(g, lifo);
        g.SemaParked = true;
        g.SemaLifo = lifo;
        return false;
    }

    private void Acquired(Goroutine g)
    {
        if (g.MutexWaitStart >= 0)
            _longestWait = Math.Max(_longestWait, _runtime.Now - g.MutexWaitStart);
        g.MutexWaitStart = -1;
        g.MutexStarving = false;
        g.MutexAwoke = false;
    }

    /// <summary><c>mu.Unlock()</c>. Yield what it returns: the unlocker goes on at once, except in starvation mode,
    /// where <c>semrelease1</c> runs for <see cref="RuntimeSettings.SemaWindow"/> with the count free and, when the
    /// head got it, a scheduler that yields gives the new owner the unlocker's processor (<c>goyield</c>).</summary>
    public IEnumerable<Engine.Wait> Unlock(Goroutine g)
    {
        if (!_locked)
            throw new InvalidOperationException("sync: unlock of unlocked mutex");
        _locked = false;
        if (_starving)
            return semrelease1Handoff(g);
        unlockSlowNormal();
        return [];
    }

    /// <summary>unlockSlow in normal mode: wake one waiter, unless none is registered or one is awake already (or
    /// the mutex was taken again); its count goes to whoever reaches semacquire1 first.</summary>
    private void unlockSlowNormal()
    {
        if (_registered == 0 || _woken)
            return;
        _registered--;
        _woken = true;
        // runtime_Semrelease(&m.sema, false): Xadd, dequeue the head, ready it with ticket 0.
        var head = _sema.Dequeue();
        if (_runtime.Settings.SemaphoreRace || head is null)
            _sema.Release();
        else
            head.SemaTicket = true; // without the race: the count is the woken waiter's alone
        if (head is not null)
            Ready(head);
    }

    /// <summary>unlockSlow in starvation mode: runtime_Semrelease(&amp;m.sema, true).</summary>
    private IEnumerable<Engine.Wait> semrelease1Handoff(Goroutine g)
    {
        _sema.Release(); // atomic.Xadd(addr, 1)
        var window = _runtime.Settings.SemaphoreRace ? _runtime.Settings.SemaWindow.Walk(1, _sema.Queued) : 0;
        if (window > 0)
            yield return g.Compute(g.Site, window); // lock(&root.lock), root.dequeue, unlock: the count is free
        var head = _sema.Dequeue();
        if (head is null)
            yield break; // nwait == 0: the count stays for the next semacquire1
        var ticket = _sema.TryAcquire(); // handoff && cansemacquire(addr)
        head.SemaTicket = ticket;
        Ready(head);
        if (ticket)
            yield return _runtime.AfterHandoff(g);
    }

    private void Ready(Goroutine head)
    {
        _readied++;
        _runtime.Ready(head, _runtime.Settings.MutexHandoff);
    }
}
