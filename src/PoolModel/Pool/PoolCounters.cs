using StallSim.PoolModel.Conns;

namespace StallSim.PoolModel.Pool;

/// <summary>
/// The pool's gauges. <see cref="Borrowed"/> and <see cref="Active"/> move exactly where Go moves
/// <c>borrowed</c> and <c>active</c> (docs/model.md#put-and-tryreturnconn: borrowed is decremented first thing in put and
/// incremented only after an acquisition), so they read like the production metrics InUse and Active.
/// The per-state counts come from the connections themselves; the two views must agree.
/// </summary>
public sealed class PoolCounters
{
    private readonly int[] _byState = new int[4];

    public int Borrowed { get; internal set; }

    /// <summary>Successful Gets (vttablet's pool metrics count them as gets).</summary>
    public long Acquisitions { get; internal set; }

    /// <summary>Successful Gets that waited in the waitlist, and their total wait (<c>recordWait</c>: release-23
    /// records waits only when they succeed).</summary>
    public long WaitCount { get; internal set; }

    public long WaitTimeNanos { get; internal set; }

    /// <summary>Connections a wait returned although the waiter's context had expired.</summary>
    public long ExpiredHandoffs { get; internal set; }

    /// <summary>Gets that failed with RESOURCE_EXHAUSTED: ErrTimeout, or the waiter cap.</summary>
    public long ResourceExhausted { get; internal set; }

    public int Active { get; internal set; }

    public int Idle => _byState[(int)ConnState.Idle];

    public int Returning => _byState[(int)ConnState.Returning];

    public int Dialing => _byState[(int)ConnState.Dialing];

    public int InUseConnections => _byState[(int)ConnState.InUse];

    internal void Opened(Conn conn) => _byState[(int)conn.State]++;

    internal void Move(Conn conn, ConnState to)
    {
        _byState[(int)conn.State]--;
        conn.State = to;
        _byState[(int)to]++;
    }
}
