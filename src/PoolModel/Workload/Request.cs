using StallSim.Engine;
using StallSim.PoolModel.Go;
using StallSim.PoolModel.Observe;
using StallSim.PoolModel.Pool;

namespace StallSim.PoolModel.Workload;

/// <summary>
/// One request, as the goroutine that serves it in vttablet (<c>TabletServer.StreamExecute</c> →
/// <c>getStreamConn</c> → stream → <c>Recycle</c>). Its deadline bounds both the wait for a connection and,
/// by default, the query. A request handed a connection after its deadline fails at once and recycles it
/// (MODEL.md 4.1 step 5e, 9.7): that is the step that closes the stall's loop.
/// </summary>
public sealed class Request(World world, int attempt, long deadline) : IEventTarget
{
    public long ArrivedAt { get; } = world.Sim.Now;

    public int Attempt { get; } = attempt;

    /// <summary>The request's deadline, absolute. The client gives up at it, whatever the tablet is doing.</summary>
    public long Deadline { get; } = deadline;

    /// <summary>The client has its answer: success, an error from the tablet, or its own deadline.</summary>
    public bool ClientAnswered { get; internal set; }

    public bool IsFinished { get; internal set; }

    internal const int ClientDeadlineToken = 0;
    internal const int RetryDueToken = 1;

    /// <summary>The client's own timers for this request, without a process each: its deadline, and the end
    /// of the backoff before its retry.</summary>
    void IEventTarget.Dispatch(int token)
    {
        if (token == ClientDeadlineToken) world.ClientDeadline(this);
        else world.RetryDue(this);
    }

    public IEnumerable<Wait> StreamExecute(Goroutine g)
    {
        var pool = world.Pool;
        var workload = world.Scenario.Workload;
        var ctx = new Context(world.Sim, Deadline);

        var got = new Returns<Conn>();
        foreach (var w in pool.Get(g, ctx, got)) yield return w;
        if (got.Value is not { } conn)
        {
            ctx.Cancel();
            world.Finished(this, Outcome.PoolTimeout);
            yield break;
        }

        world.Counters.Acquisition(g.Now - ArrivedAt);
        if (ctx.Err())
        {
            // Get succeeded for a dead request: the stream fails on its context and the connection goes back.
            yield return g.Spend(BlockingSite.FailingOnDeadContext, world.Scenario.Go.DeadRequest);
            world.Finished(this, Outcome.DeadOnArrival);
            foreach (var w in pool.Recycle(g, conn)) yield return w;
            yield break;
        }

        var service = (long)Math.Round(workload.Service.Sample(world.ServiceTimes) * world.Load.ServiceFactorAt(g.Now));
        var remaining = ctx.Deadline - g.Now;
        var inTime = service < remaining;
        yield return g.Spend(BlockingSite.MySqlIo, inTime || !workload.CutQueryAtDeadline ? service : remaining);
        ctx.Cancel();
        // The response is complete (or failed) here; returning the connection is the server's business.
        world.Finished(this, inTime ? Outcome.Served : Outcome.QueryDeadline);
        foreach (var w in pool.Recycle(g, conn)) yield return w;
    }
}
