using StallSim.Engine;

namespace StallSim.PoolModel.Go;

/// <summary>
/// <c>select { case v := &lt;-ch: ... case &lt;-ctx.Done(): ... }</c> (MODEL.md 8.4), a statement inside the
/// function that runs it, as in Go: the function keeps this struct as a local and yields what
/// <see cref="Next"/> gives until it returns false, then reads <see cref="Received"/> or <see cref="Done"/>.
/// If both cases are ready when the goroutine arrives, Go picks one uniformly at random; here from the run's
/// "select" stream. Otherwise the goroutine parks on both, and the first to fire wins: a sender that hands it
/// a value wins even if the deadline passes before the goroutine gets to run. (The ctx.Done case is the
/// goroutine's own timer at the deadline: the same instant as the context's timer, without an event object
/// per waiter.) Being a struct, a select costs its function no object of its own.
/// </summary>
public struct SelectReceiveOrDone<T>(Chan<T> ch, Context ctx, RandomStream tieBreak) where T : class
{
    private Step _step;

    /// <summary>The channel case won; <see cref="Value"/> holds what was received (nil is a value).</summary>
    public readonly bool Received => _step == Step.Received;

    /// <summary>The ctx.Done case won.</summary>
    public readonly bool Done => _step == Step.Done;

    public T? Value { get; private set; }

    /// <summary>Runs the select for <paramref name="g"/>: true with a wait to yield, false when a case has won.</summary>
    public bool Next(Goroutine g, BlockingSite site, out Wait wait)
    {
        wait = default;
        switch (_step)
        {
            case Step.Arrive:
                var received = ch.ReceiveReady;
                var done = ctx.Err();
                if (received && done) received = tieBreak.Next(2) == 0;
                if (received) return Win(Step.Received, ch.Receive());
                if (done) return Win(Step.Done, null);
                ch.ParkReceiver(g);
                _step = Step.Parked;
                wait = g.ParkUntil(site, ctx.Deadline);
                return true;
            case Step.Parked:
                if (g.IsParked)
                {
                    // ctx.Done fired first: leave the channel before anyone can send to us, then get scheduled.
                    ch.UnparkReceiver(g);
                    g.Unpark();
                    _step = Step.WokenByTimer;
                    wait = g.WokenByTimer();
                    return true;
                }
                if (g.Now < g.ReadiedRunsAt)
                {
                    // A sender won the select just before the deadline, and the deadline's timer resumed us
                    // first: wait out the scheduling latency we were readied with.
                    _step = Step.Readied;
                    wait = g.UntilReadied();
                    return true;
                }
                return Win(Step.Received, ch.TakeDelivered());
            case Step.Readied:
                return Win(Step.Received, ch.TakeDelivered());
            case Step.WokenByTimer:
                return Win(Step.Done, null);
            default:
                return false;
        }
    }

    private bool Win(Step step, T? value)
    {
        _step = step;
        Value = value;
        return false;
    }

    private enum Step : byte { Arrive, Parked, Readied, WokenByTimer, Received, Done }
}
