using StallSim.PoolModel.Server;

namespace StallSim.PoolModel.Workload;

/// <summary>What the clients report (the observer counts it): each request sent, each retry the budget refused, and
/// how each request ended.</summary>
public interface IClientCounters
{
    void Arrival(bool retry);

    void RetryDenied();

    void Finish(Request request, Outcome outcome, long now);
}
