using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace StallSim.Engine;

/// <summary>
/// One independent pseudo-random stream per named purpose ("arrivals", "service", "select", ...), each
/// seeded from the run seed and the name, so that adding a stream or drawing more from one never shifts
/// another. Generators are MathNet's xoshiro256**; distributions are MathNet's samplers.
/// </summary>
public sealed class RandomStreams(ulong seed)
{
    private readonly Dictionary<string, RandomStream> _streams = new(StringComparer.Ordinal);

    public RandomStream this[string name]
    {
        get
        {
            if (!_streams.TryGetValue(name, out var stream))
            {
                stream = new RandomStream(DeriveSeed(seed, name));
                _streams.Add(name, stream);
            }
            return stream;
        }
    }

    /// <summary>SplitMix64 over the seed and an FNV-1a hash of the name: stable across runs, platforms and
    /// .NET versions (unlike string.GetHashCode).</summary>
    internal static int DeriveSeed(ulong seed, string name)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in name)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        var z = seed + 0x9E3779B97F4A7C15UL * (hash | 1);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z ^ (z >> 32));
    }
}

/// <summary>A seeded generator with the draws a model needs, in nanoseconds where a draw is a duration.</summary>
public sealed class RandomStream
{
    private readonly Xoshiro256StarStar _rng;

    internal RandomStream(int seed) => _rng = new Xoshiro256StarStar(seed, threadSafe: false);

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => _rng.NextDouble();

    /// <summary>Uniform integer in [0, n).</summary>
    public int Next(int n) => _rng.Next(n);

    /// <summary>Exponential with the given mean (any unit).</summary>
    public double Exponential(double mean) => MathNet.Numerics.Distributions.Exponential.Sample(_rng, 1.0 / mean);

    /// <summary>Exponential duration in whole nanoseconds with the given mean.</summary>
    public long ExponentialNanos(double meanNanos) => (long)Math.Round(Exponential(meanNanos));

    /// <summary>Lognormal with log-mean mu and log-sd sigma.</summary>
    public double LogNormal(double mu, double sigma) => MathNet.Numerics.Distributions.LogNormal.Sample(_rng, mu, sigma);

    public double Normal(double mean, double stddev) => MathNet.Numerics.Distributions.Normal.Sample(_rng, mean, stddev);

    public double Uniform(double lower, double upper) => ContinuousUniform.Sample(_rng, lower, upper);
}
