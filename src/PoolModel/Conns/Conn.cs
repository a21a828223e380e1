namespace StallSim.PoolModel.Conns;

/// <summary>Where a connection is. Every open connection is in exactly one state, which is how the model
/// checks that Active = InUse + idle + returning + dialing at every sample.</summary>
public enum ConnState
{
    Dialing,
    InUse,
    Returning,
    Idle,
}

/// <summary>A pooled MySQL connection (<c>*Pooled[C]</c>). Settings are nil throughout (stream pool).</summary>
public sealed class Conn(int id)
{
    public int Id { get; } = id;

    public ConnState State { get; internal set; } = ConnState.Dialing;
}
