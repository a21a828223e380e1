using StallSim.Engine;

namespace StallSim.PoolModel.Go;

/// <summary>Which case of a select won, and what it received (nil is a value).</summary>
public sealed class Selected<T>
    where T : class
{
    public bool Received { get; internal set; }

    public T? Value { get; internal set; }
}

/// <summary>
/// <c>select { case v := &lt;-ch: ... case &lt;-ctx.Done(): ... }</c> (the Go spec; src/runtime/select.go,
/// <c>selectgo</c>). If both cases are ready when the goroutine arrives, Go picks one uniformly at random;
/// here from the run's "select" stream. Otherwise the goroutine parks on both, and whichever readies it
/// first wins: a sender that hands it a value wins even if the deadline passes before the goroutine gets to
/// run, and once Done has woken it a later sender finds no receiver there.
/// </summary>
public static class Select
{
    public static IEnumerator<Wait> ReceiveOrDone<T>(
        Goroutine g,
        Site site,
        Chan<T> ch,
        Context ctx,
        RandomStream ties,
        Selected<T> selected
    )
        where T : class
    {
        var received = ch.ReceiveReady;
        var done = ctx.Expired;
        if (received && done)
            received = ties.Next(2) == 0;
        if (received)
        {
            selected.Received = true;
            selected.Value = ch.Receive();
            yield break;
        }
        if (done)
            yield break;

        ch.ParkReceiver(g);
        yield return ctx.ParkOnDone(g, site);
        if (ch.TakeDelivered(out var value))
        {
            ctx.LeaveDone(g);
            selected.Received = true;
            selected.Value = value;
            yield break;
        }
        // ctx.Done closed first: leave the channel (a later sender finds no receiver here). Without a scheduler the
        // deadline resumed us directly, and we wait the wake latency a timer's goroutine takes to run.
        ch.UnparkReceiver(g);
        if (g.TimedOut)
            yield return g.AfterTimer();
    }
}
