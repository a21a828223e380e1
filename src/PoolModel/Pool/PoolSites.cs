using StallSim.PoolModel.Go;

namespace StallSim.PoolModel.Pool;

/// <summary>Where a goroutine can be in the pool's own code (pool.go), outside the waitlist.</summary>
public static class PoolSites
{
    public static readonly Site Dialing = new("dial", "dialing a MySQL connection (getNew, synchronous)");
    public static readonly Site WorkerSleep = new("worker sleep", "the pool's worker between passes (pool.worker_interval)");
}
