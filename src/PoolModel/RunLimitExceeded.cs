namespace StallSim.PoolModel;

/// <summary>A run held more live goroutines than its <see cref="Scenario.GoroutineLimit"/>, and stopped.</summary>
public sealed class RunLimitExceeded(string scenario, string variant, ulong seed, long at, int goroutines, int limit)
    : Exception($"{scenario}, {variant} seed {seed}: {goroutines:N0} goroutines alive at {at / 1e9:0.###} s, above the limit of {limit:N0}")
{
    public string Scenario { get; } = scenario;

    public string Variant { get; } = variant;

    public ulong Seed { get; } = seed;

    /// <summary>Virtual time, nanoseconds.</summary>
    public long At { get; } = at;

    public int Goroutines { get; } = goroutines;

    public int Limit { get; } = limit;
}
