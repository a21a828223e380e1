using StallSim.Engine;

namespace StallSim.PoolModel.Go;

/// <summary>The case of a select that won.</summary>
public enum SelectCase
{
    Received,
    Done,
}

/// <summary>
/// <c>select { case v := &lt;-ch: ... case &lt;-ctx.Done(): ... }</c> (the Go spec; src/runtime/select.go,
/// <c>selectgo</c>), in its three steps, which the goroutine that selects runs in its own frame (as Go compiles a
/// select into the function that contains it): <see cref="Poll"/>, and if no case is ready, <see cref="Park"/>, then
/// <see cref="Woken"/>. If both cases are ready when the goroutine arrives, Go picks one uniformly at random; here
/// from the run's "select" stream. Otherwise the goroutine parks on both, and whichever readies it first wins: a
/// sender that hands it a value wins even if the deadline passes before the goroutine gets to run, and once Done
/// has woken it a later sender finds no receiver there.
/// </summary>
public static class Select
{
    /// <summary>selectgo's first pass: the case ready now (at random if both are), or null when neither is. A
    /// received value is then taken with <c>ch.Receive()</c>.</summary>
    public static SelectCase? Poll<T>(Chan<T> ch, Context ctx, RandomStream ties)
        where T : class
    {
        var received = ch.ReceiveReady;
        var done = ctx.Expired;
        if (received && done)
            received = ties.Next(2) == 0;
        return received ? SelectCase.Received
            : done ? SelectCase.Done
            : null;
    }

    /// <summary>selectgo's second pass: <paramref name="g"/> parks on both cases at <paramref name="site"/>.</summary>
    public static Wait Park<T>(Goroutine g, Site site, Chan<T> ch, Context ctx)
        where T : class
    {
        ch.ParkReceiver(g);
        return ctx.ParkOnDone(g, site);
    }

    /// <summary>selectgo's third pass, once readied: which case woke it, leaving the other. Without a scheduler the
    /// deadline resumed the goroutine directly, and a Done case then waits <see cref="Goroutine.AfterTimer"/>.</summary>
    public static SelectCase Woken<T>(Goroutine g, Chan<T> ch, Context ctx, out T? value)
        where T : class
    {
        if (ch.TakeDelivered(out value))
        {
            ctx.LeaveDone(g);
            return SelectCase.Received;
        }
        ch.UnparkReceiver(g); // a later sender finds no receiver here
        return SelectCase.Done;
    }
}
