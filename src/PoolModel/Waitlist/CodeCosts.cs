using StallSim.Engine;
using StallSim.PoolModel.Go;

namespace StallSim.PoolModel.Waitlist;

/// <summary>
/// CPU time of the code steps the model charges (docs/model.md#costs): the waitlist's critical sections,
/// and the request that fails on a dead context. Inputs, never fitted to an outcome.
/// </summary>
public sealed record CodeCosts
{
    /// <summary>Push or unlink of one list element, including the lock's own cost.</summary>
    public long ListPush { get; init; } = 60;

    /// <summary>Visiting one list element in a walk, by the list's length.</summary>
    public ScanCost ScanPerElement { get; init; } = ScanCost.Constant(150);

    /// <summary>ctx.Err() on one waiter (a returner that checks deadlines).</summary>
    public long CtxCheck { get; init; } = 20;

    /// <summary>A non-blocking channel send that readies a parked goroutine (the eviction signal).</summary>
    public long ChanSend { get; init; } = 100;

    /// <summary>A request handed a connection after its deadline: fail on the dead context and recycle.</summary>
    public long DeadRequest { get; init; } = 10 * Units.Microsecond;

    /// <summary>A request's own work outside the pool's waits (its goroutine, its contexts, the pool's calls);
    /// charged as it starts. 0: none.</summary>
    public long Request { get; init; }
}
