using StallSim.Engine;

namespace StallSim.PoolModel.Pool;

/// <summary>The pool's own parameters (docs/scenarios.md#pool).</summary>
public sealed record PoolSettings
{
    /// <summary>Pool size; vttablet's stream pool defaults to 200.</summary>
    public int Capacity { get; init; } = 200;

    /// <summary>Time to dial a MySQL connection (getNew dials synchronously, in the caller).</summary>
    public long Dial { get; init; } = 2 * Units.Millisecond;

    /// <summary>The pool's acquisition timeout (vttablet: <c>txpool-timeout</c>, 1 s for the transaction pool;
    /// 0 for the stream pool): a waiter's deadline is the earlier of its request's and this. 0: none.</summary>
    public long Timeout { get; init; }

    /// <summary>Period of the pool's worker (runWorker's maybeStarvingCount pass).</summary>
    public long WorkerInterval { get; init; } = 100 * Units.Millisecond;
}
