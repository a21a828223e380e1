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
