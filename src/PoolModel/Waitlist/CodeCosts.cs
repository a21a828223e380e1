using StallSim.PoolModel.Go;

namespace StallSim.PoolModel.Waitlist;

/// <summary>
/// CPU time of the code steps the model charges (docs/model.md#costs): the waitlist's critical sections,
/// and the request that fails on a dead context. Inputs, never fitted to an outcome: a costs profile measures them
/// (<c>CostsProfile</c>, which a scenario runs by default); each is 0, free, until one is given.
/// </summary>
public sealed record CodeCosts
{
    /// <summary>Push or unlink of one list element, including the lock's own cost.</summary>
    public long ListPush { get; init; }

    /// <summary>Visiting one list element in a walk, by the list's length.</summary>
    public ScanCost ScanPerElement { get; init; } = ScanCost.Constant(0);

    /// <summary>ctx.Err() on one waiter (a returner that checks deadlines).</summary>
    public long CtxCheck { get; init; }

    /// <summary>A non-blocking channel send that readies a parked goroutine (the eviction signal).</summary>
    public long ChanSend { get; init; }

    /// <summary>A request handed a connection after its deadline: fail on the dead context and recycle.</summary>
    public long DeadRequest { get; init; }

    /// <summary>A request's own work outside the pool's waits (its goroutine, its contexts, the pool's calls);
    /// charged as it starts.</summary>
    public long Request { get; init; }
}
