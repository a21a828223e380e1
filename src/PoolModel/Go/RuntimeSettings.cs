using StallSim.Engine;

namespace StallSim.PoolModel.Go;

/// <summary>
/// The Go runtime's own latencies (docs/model.md#scheduling-latencies). A woken goroutine does not run at the
/// instant it is made runnable: it runs after <see cref="Wake"/> (a channel send or a timer) or after
/// <see cref="MutexHandoff"/> (a mutex hand-off or wake-up). <see cref="StarvationThreshold"/> is
/// sync.Mutex's <c>starvationThresholdNs</c>.
/// </summary>
public sealed record RuntimeSettings
{
    /// <summary>sync.Mutex starvationThresholdNs (src/sync/mutex.go): 1 ms.</summary>
    public long StarvationThreshold { get; init; } = Units.Millisecond;

    /// <summary>From Unlock to the next owner (or woken waiter) running.</summary>
    public long MutexHandoff { get; init; } = 2 * Units.Microsecond;

    /// <summary>From a channel send (or a timer) to the readied goroutine running.</summary>
    public long Wake { get; init; } = Units.Microsecond;
}
