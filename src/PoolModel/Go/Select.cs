using StallSim.Engine;

namespace StallSim.PoolModel.Go;

/// <summary>
/// <c>select { case v := &lt;-ch: ... case &lt;-ctx.Done(): ... }</c> (MODEL.md 8.4). If both cases are ready
/// when the goroutine arrives, Go picks one uniformly at random; here from the run's "select" stream.
/// Otherwise the goroutine parks on both, and the first to fire wins: a sender that hands it a value wins
/// even if the deadline passes before the goroutine gets to run.
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
        yield return g.ParkOr(site, ctx.Done);
        var process = g.Process;
        if (ReferenceEquals(process.ResumedBy, ctx.Done) && g.IsParked)
        {
            // The deadline won: leave the channel before anyone can send to us, then get scheduled.
            ch.UnparkReceiver(g);
            g.Unpark();
            outcome.Err = GoError.ContextDeadlineExceeded;
            yield return g.Spend(BlockingSite.Runnable, 0);
            yield break;
        }
        if (ReferenceEquals(process.ResumedBy, ctx.Done))
        {
            // A sender won the select just before the deadline; we are already runnable.
            yield return g.UntilReadied();
        }
        outcome.Value = ch.TakeDelivered();
    }
}
