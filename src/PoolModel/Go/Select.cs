using StallSim.Engine;

namespace StallSim.PoolModel.Go;

/// <summary>
/// <c>select { case v := &lt;-ch: ... case &lt;-ctx.Done(): ... }</c> (MODEL.md 8.4). If both cases are ready
/// when the goroutine arrives, Go picks one uniformly at random; here from the run's "select" stream.
/// Otherwise the goroutine parks on both, and the first to fire wins: a sender that hands it a value wins
/// even if the deadline passes before the goroutine gets to run. (The ctx.Done case is the goroutine's own
/// timer at the deadline: the same instant as the context's timer, without an event object per waiter.)
/// </summary>
public static class Select
{
    /// <summary>The received value, or <see cref="GoError.ContextDeadlineExceeded"/> when ctx.Done won.</summary>
    public static IEnumerable<Wait> ReceiveOrDone<T>(Goroutine g, Chan<T> ch, Context ctx, RandomStream tieBreak,
        BlockingSite site, Returns<T> outcome) where T : class
    {
        var received = ch.ReceiveReady;
        var done = ctx.Err();
        if (received && done) received = tieBreak.Next(2) == 0;
        if (received)
        {
            outcome.Value = ch.Receive();
            yield break;
        }
        if (done)
        {
            outcome.Err = GoError.ContextDeadlineExceeded;
            yield break;
        }

        ch.ParkReceiver(g);
        yield return g.ParkUntil(site, ctx.Deadline);
        if (g.IsParked)
        {
            // ctx.Done fired first: leave the channel before anyone can send to us, then get scheduled.
            ch.UnparkReceiver(g);
            g.Unpark();
            outcome.Err = GoError.ContextDeadlineExceeded;
            yield return g.WokenByTimer();
            yield break;
        }
        if (g.Now < g.ReadiedRunsAt)
        {
            // A sender won the select just before the deadline, and the deadline's timer resumed us first:
            // wait out the scheduling latency we were readied with.
            yield return g.UntilReadied();
        }
        outcome.Value = ch.TakeDelivered();
    }
}
