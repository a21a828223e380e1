namespace StallSim.PoolModel.Server;

/// <summary>How a request ended.</summary>
public enum Outcome
{
    /// <summary>Got a connection with a live deadline and finished its query in time: goodput.</summary>
    Served,

    /// <summary>Get failed (ErrTimeout, ErrCtxTimeout, the waiter cap): the wait for a connection gave up.</summary>
    PoolTimeout,

    /// <summary>Get handed it a connection after its deadline had passed: a wasted hand-off.</summary>
    DeadOnArrival,

    /// <summary>Got a live connection but the deadline passed during the query.</summary>
    QueryDeadline,

    /// <summary>Killed by a tablet restart.</summary>
    Killed,

    /// <summary>Finished its query before its deadline, but later than the latency objective (verdict.latency_slo): not goodput.</summary>
    Late,
}
