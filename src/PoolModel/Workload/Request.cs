using StallSim.Engine;

namespace StallSim.PoolModel.Workload;

/// <summary>
/// One request as its client sees it: when it was sent, its deadline, which attempt it is, and whether the
/// client has its answer yet. The tablet serves it in a goroutine of its own (<see cref="Server.Tablet"/>);
/// the client's own timers (its deadline, the backoff before a retry) need no process.
/// </summary>
public sealed class Request(Clients clients, long id, int attempt, long arrivedAt, long deadline) : IEventTarget, Server.ITabletRequest
{
    /// <summary>The request's identity within the run: 1, 2, 3, ... in order of sending.</summary>
    public long Id { get; } = id;

    public long ArrivedAt { get; } = arrivedAt;

    public int Attempt { get; } = attempt;

    /// <summary>The request's deadline, absolute. The client gives up at it, whatever the tablet is doing.</summary>
    public long Deadline { get; } = deadline;

    /// <summary>The client has its answer: success, an error from the tablet, or its own deadline.</summary>
    public bool ClientAnswered { get; internal set; }

    public bool IsFinished { get; internal set; }

    internal const int ClientDeadlineToken = 0;
    internal const int RetryDueToken = 1;

    void IEventTarget.Dispatch(int token)
    {
        if (token == ClientDeadlineToken)
            clients.ClientDeadline(this);
        else
            clients.RetryDue(this);
    }
}
