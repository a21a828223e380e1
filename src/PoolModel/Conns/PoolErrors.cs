using StallSim.PoolModel.Go;

namespace StallSim.PoolModel.Conns;

/// <summary>The pool's sentinel errors (smartconnpool's pool.go). All three are RESOURCE_EXHAUSTED or
/// DEADLINE_EXCEEDED to the client; a dashboard counts the first and the last as ResourceExhausted.</summary>
public static class PoolErrors
{
    /// <summary><c>ErrTimeout</c>, "connection pool timed out": any failed wait.</summary>
    public static readonly GoError ErrTimeout = new("connection pool timed out");

    /// <summary><c>ErrCtxTimeout</c>, "connection pool context already expired": Get with a dead context.</summary>
    public static readonly GoError ErrCtxTimeout = new("connection pool context already expired");

    /// <summary><c>ErrPoolWaiterCapReached</c> (later main), "connection pool waiter cap reached".</summary>
    public static readonly GoError ErrPoolWaiterCapReached = new("connection pool waiter cap reached");
}
