namespace StallSim.PoolModel.Go;

/// <summary>A Go <c>error</c> value; nil is <c>null</c>. Sentinel errors are compared by reference, as Go
/// compares <c>errors.New</c> values.</summary>
public sealed class GoError(string text)
{
    public string Text { get; } = text;

    public override string ToString() => Text;
}

/// <summary>The results of a simulated Go call. A C# iterator cannot return values, so a blocking function
/// writes its results here, as Go's <c>(value, err)</c>.</summary>
public sealed class Returns<T>
{
    public T? Value { get; set; }

    public GoError? Err { get; set; }
}
