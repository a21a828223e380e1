namespace StallSim.PoolModel.Server;

// What the tablet needs of the world around it, stated here so that the tablet depends on no layer above it: the
// clients (Workload) send it requests and hear their outcome, MySQL (Workload's Database) times its queries, and
// the observer (Observe) counts what it does.

/// <summary>A request as the tablet serves it.</summary>
public interface ITabletRequest
{
    /// <summary>When it reached the tablet (its client sent it).</summary>
    long ArrivedAt { get; }

    /// <summary>Its deadline, absolute: the context's.</summary>
    long Deadline { get; }

    /// <summary>Its client has heard how it ended.</summary>
    bool IsFinished { get; }
}

/// <summary>The clients, told how each request ended.</summary>
public interface ITabletClients
{
    void Finished(ITabletRequest request, Outcome outcome);
}

/// <summary>MySQL, as the tablet sees it: how long a query started now takes.</summary>
public interface IDatabase
{
    long QueryTime(long now);
}

/// <summary>What the tablet reports as it serves: a Get's return and its wait, an acquisition, a completed query.</summary>
public interface ITabletCounters
{
    void GetReturned(long wait);

    void Acquisition(long now, long wait);

    void QueryCompleted();
}
