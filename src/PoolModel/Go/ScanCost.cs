namespace StallSim.PoolModel.Go;

/// <summary>
/// What one element of a walk of a list costs (the waitlist's, the semaphore's), as a function of the list's length: a walk touches every
/// node it passes, and whether those nodes are in the caches depends on how many there are (calibration
/// measures it, docs/model.md#costs). Between measured lengths the cost is interpolated linearly in the logarithm
/// of the length; beyond them it is the nearest measurement. A single point is a constant.
/// </summary>
public sealed record ScanCost(IReadOnlyList<(int Length, double Nanos)> Points)
{
    public static ScanCost Constant(double nanos) => new([(1, nanos)]);

    /// <summary>Nanoseconds per element visited in a list of <paramref name="length"/> elements.</summary>
    public double PerElement(int length)
    {
        var p = Points;
        if (p.Count == 1 || length <= p[0].Length)
            return p[0].Nanos;
        if (length >= p[^1].Length)
            return p[^1].Nanos;
        var i = 1;
        while (p[i].Length < length)
            i++;
        var (l0, c0) = p[i - 1];
        var (l1, c1) = p[i];
        var f = (Math.Log(length) - Math.Log(l0)) / (Math.Log(l1) - Math.Log(l0));
        return c0 + (c1 - c0) * f;
    }

    /// <summary>A walk of <paramref name="elements"/> elements in a list of <paramref name="length"/>, in whole nanoseconds.</summary>
    public long Walk(long elements, int length) => elements == 0 ? 0 : (long)Math.Round(elements * PerElement(length));

    public bool Equals(ScanCost? other) => other is not null && Points.SequenceEqual(other.Points);

    public override int GetHashCode() => Points.Count;
}
