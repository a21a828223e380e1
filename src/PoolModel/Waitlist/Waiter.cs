using StallSim.PoolModel.Conns;
using StallSim.PoolModel.Go;

namespace StallSim.PoolModel.Waitlist;

/// <summary>
/// An element of the waitlist: the waiting goroutine's channel and, in the fix (#20308), its context, so
/// that a returner can see that the waiter's deadline has passed. Like waitlist.go's waiter, it does not name the
/// goroutine: the channel and the context ready it. Release-23 stores no context; the model
/// keeps it always (it is how the model counts wasted hand-offs) but only a returner that checks deadlines
/// looks at it. Settings are nil throughout (the stream pool's case), so age never changes which waiter is
/// chosen and is not modelled.
/// </summary>
public sealed class Waiter(Chan<Conn> conn, Context ctx)
{
    /// <summary>When it joined the list: the policies that look at waiting time (adaptive LIFO, CoDel) add this
    /// field to waitlist.go's waiter.</summary>
    public long JoinedAt { get; internal set; }

    public Chan<Conn> Conn { get; } = conn;

    public Context Ctx { get; } = ctx;

    internal int ListNumber { get; set; }
}
