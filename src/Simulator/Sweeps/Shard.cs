using System.Globalization;
using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Sweeps;

/// <summary><c>--shard k/n</c>: the points whose index is k−1 modulo n. Deterministic, so n CI jobs that
/// run shards 1/n .. n/n cover every point exactly once.</summary>
public readonly record struct Shard(int K, int N)
{
    public static readonly Shard Whole = new(1, 1);

    public bool IsWhole => N == 1;

    public bool Contains(SweepPoint point) => point.Index % N == K - 1;

    public static Shard Parse(string? text)
    {
        if (text is null) return Whole;
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var k)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n >= 1 && k >= 1 && k <= n)
            return new Shard(k, n);
        throw new InputException($"--shard {text}: expected k/n with 1 <= k <= n, e.g. --shard 2/3");
    }

    public override string ToString() => $"{K}/{N}";
}
