using StallSim.Engine;
using StallSim.PoolModel.Conns;
using StallSim.PoolModel.Go;

namespace StallSim.PoolModel.Pool;

/// <summary>
/// smartconnpool's <c>ConnPool</c> for plain (nil-Setting) Gets, as in the stream pool (pool.go). Each method
/// is the Go function of the same name, with the same blocking points.
/// Not modelled: settings stacks (always empty without Settings), max lifetime and idle reaping (30 min
/// defaults, longer than any run), closeOnIdleLimitReached (idle limit = capacity, never reached),
/// capacity changes and Close.
/// </summary>
public sealed class ConnPool
{
    private readonly PoolSettings _settings;
    private readonly Stack<Conn> _clean = new(); // the clean idle stack (LIFO)
    private int _nextConnId;

    public ConnPool(PoolSettings settings, Waitlist.Waitlist wait)
    {
        _settings = settings;
        Wait = wait;
    }

    public Waitlist.Waitlist Wait { get; }

    public PoolCounters Counters { get; } = new();

    public int Capacity => _settings.Capacity;

    /// <summary><c>Get(ctx, nil)</c>: refuse an expired context, then <c>get</c>.</summary>
    public IEnumerator<Wait> Get(Goroutine g, Context ctx, Returns<Conn> ret)
    {
        if (ctx.Expired)
        {
            ret.Err = PoolErrors.ErrCtxTimeout; // expired requests never join the list
            return Steps.None;
        }
        return get(g, ctx, ret);
    }

    /// <summary><c>get(ctx)</c>: the clean idle stack, then <c>getNew</c>, then <c>waitForConn</c>.</summary>
    private IEnumerator<Wait> get(Goroutine g, Context ctx, Returns<Conn> ret)
    {
        if (_clean.TryPop(out var idle))
        {
            Borrow(idle, ret);
            yield break;
        }
        if (Counters.Active < _settings.Capacity) // getNew's own first check, without entering it
        {
            foreach (var w in getNew(g, ret))
                yield return w;
            if (ret.Value is not null)
                yield break;
        }

        var start = g.Now;
        foreach (var w in Wait.waitForConn(g, ctx, ret))
            yield return w;
        if (ret.Err == PoolErrors.ErrPoolWaiterCapReached)
        {
            Counters.ResourceExhausted++;
            yield break;
        }
        if (ret.Err is not null || ret.Value is null)
        {
            ret.Value = null;
            ret.Err = PoolErrors.ErrTimeout; // any wait error is ErrTimeout (RESOURCE_EXHAUSTED)
            Counters.ResourceExhausted++;
            yield break;
        }
        recordWait(start, g.Now);
        if (ctx.Expired)
            Counters.ExpiredHandoffs++; // release-23's fallback receive, or a select that lost the race
        Borrow(ret.Value, ret);
    }

    /// <summary><c>getNew</c>: while active &lt; capacity, take a slot and dial synchronously in the caller.</summary>
    private IEnumerable<Wait> getNew(Goroutine g, Returns<Conn> ret)
    {
        if (Counters.Active >= _settings.Capacity)
            yield break;
        Counters.Active++;
        var conn = new Conn(++_nextConnId);
        Counters.Opened(conn);
        yield return g.Block(PoolSites.Dialing, _settings.Dial);
        Borrow(conn, ret);
    }

    /// <summary><c>recordWait</c>: a successful wait, counted with its duration.</summary>
    private void recordWait(long start, long now)
    {
        Counters.WaitCount++;
        Counters.WaitTimeNanos += now - start;
    }

    /// <summary>For an observer that follows connections by identity: each one lent to a request.</summary>
    public Action<Conn>? Lent { get; set; }

    /// <summary>For an observer that follows connections by identity: each one a request gave back.</summary>
    public Action<Conn>? GivenBack { get; set; }

    private void Borrow(Conn conn, Returns<Conn> ret)
    {
        Lent?.Invoke(conn);
        Counters.Move(conn, ConnState.InUse);
        Counters.Borrowed++;
        Counters.Acquisitions++;
        ret.Value = conn;
    }

    /// <summary><c>Pooled.Recycle</c>: the connection is healthy, so <c>put(self)</c>.</summary>
    public IEnumerable<Wait> Recycle(Goroutine g, Conn conn) => put(g, conn);

    /// <summary><c>put(conn)</c>: borrowed-- first, then the waitlist hand-off or the idle stack.</summary>
    private IEnumerable<Wait> put(Goroutine g, Conn conn)
    {
        GivenBack?.Invoke(conn);
        Counters.Borrowed--;
        Counters.Move(conn, ConnState.Returning);
        foreach (var w in tryReturnConn(g, conn))
            yield return w;
    }

    /// <summary><c>tryReturnConn</c>: hand to a waiter, else push to the idle stack.</summary>
    private IEnumerable<Wait> tryReturnConn(Goroutine g, Conn conn)
    {
        var handed = new Returns<bool>();
        foreach (var w in Wait.tryReturnConn(g, conn, handed))
            yield return w;
        if (!handed.Value)
            PushIdle(conn);
    }

    /// <summary><c>tryReturnAnyConn</c> (the worker's rescue of waiters a lost wake-up stranded): pop an idle
    /// connection and offer it to the waitlist; false when there was none or nobody took it.</summary>
    private IEnumerable<Wait> tryReturnAnyConn(Goroutine g, Returns<bool> ret)
    {
        ret.Value = false;
        if (!_clean.TryPop(out var conn))
            yield break;
        Counters.Move(conn, ConnState.Returning);
        var handed = new Returns<bool>();
        foreach (var w in Wait.tryReturnConn(g, conn, handed))
            yield return w;
        if (!handed.Value)
            PushIdle(conn);
        ret.Value = handed.Value;
    }

    /// <summary><c>runWorker</c>: every interval, rescue up to <c>maybeStarvingCount</c> waiters with idle
    /// connections, stopping at the first failure.</summary>
    public IEnumerable<Wait> runWorker(Goroutine g)
    {
        var starving = new Returns<int>();
        var handed = new Returns<bool>();
        while (true)
        {
            yield return g.Block(PoolSites.WorkerSleep, _settings.WorkerInterval);
            foreach (var x in Wait.maybeStarvingCount(g, idle: () => _clean.Count, starving))
                yield return x;
            for (var i = 0; i < starving.Value; i++)
            {
                foreach (var x in tryReturnAnyConn(g, handed))
                    yield return x;
                if (!handed.Value)
                    break;
            }
        }
    }

    private void PushIdle(Conn conn)
    {
        Counters.Move(conn, ConnState.Idle);
        _clean.Push(conn);
    }
}
