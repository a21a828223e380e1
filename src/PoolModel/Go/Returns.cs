namespace StallSim.PoolModel.Go;

/// <summary>The results of a simulated Go call. A C# iterator cannot return values, so a blocking function
/// writes its results here, as Go's <c>(value, err)</c>.</summary>
public sealed class Returns<T>
{
    public T? Value { get; set; }
    public GoError Err { get; set; }
}

/// <summary>The errors the pool's functions return (MODEL.md 2).</summary>
public enum GoError
{
    None,
    /// <summary>ErrCtxTimeout: the request's context had expired before Get.</summary>
    CtxTimeout,
    /// <summary>ErrTimeout, RESOURCE_EXHAUSTED "connection pool timed out": the wait failed.</summary>
    Timeout,
    /// <summary>context.Cause(ctx) from waitForConn (Get maps it to ErrTimeout).</summary>
    ContextDeadlineExceeded,
    /// <summary>ErrPoolWaiterCapReached (later main; RESOURCE_EXHAUSTED).</summary>
    WaiterCapReached,
}
