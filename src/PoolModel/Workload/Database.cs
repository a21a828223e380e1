using StallSim.Engine;

namespace StallSim.PoolModel.Workload;

/// <summary>MySQL, as the pool sees it: how long a query takes, drawn from the service distribution (its stage's, if
/// the stage it starts in sets one) and multiplied inside a slow-database window.</summary>
public sealed class Database(DurationDistribution service, LoadProfile load, RandomStream queryTimes) : Server.IDatabase
{
    /// <summary>The time a query started now takes.</summary>
    public long QueryTime(long now) => (long)Math.Round(load.ServiceAt(now, service).Sample(queryTimes) * load.ServiceFactorAt(now));
}
