using StallSim.Engine;

namespace StallSim.PoolModel.Workload;

/// <summary>A distribution of durations (service times, deadlines), sampled in whole nanoseconds with
/// MathNet's samplers through the run's named streams.</summary>
public abstract record DurationDistribution
{
    public abstract long Sample(RandomStream rng);

    /// <summary>Mean in nanoseconds.</summary>
    public abstract double Mean { get; }

    public abstract string Describe();

    public sealed record Constant(long Value) : DurationDistribution
    {
        public override long Sample(RandomStream rng) => Value;

        public override double Mean => Value;

        public override string Describe() => Units.FormatDuration(Value);
    }

    public sealed record Exponential(long MeanNanos) : DurationDistribution
    {
        public override long Sample(RandomStream rng) => rng.ExponentialNanos(MeanNanos);

        public override double Mean => MeanNanos;

        public override string Describe() => $"exponential(mean {Units.FormatDuration(MeanNanos)})";
    }

    /// <summary>Lognormal given by its median and 99th percentile: mu = ln(median),
    /// sigma = ln(p99/median) / z(0.99).</summary>
    public sealed record LogNormal(long Median, long P99) : DurationDistribution
    {
        private const double Z99 = 2.3263478740408408;
        public double Mu => Math.Log(Median);
        public double Sigma => Math.Log((double)P99 / Median) / Z99;

        public override long Sample(RandomStream rng) => (long)Math.Round(rng.LogNormal(Mu, Sigma));

        public override double Mean => Math.Exp(Mu + Sigma * Sigma / 2);

        public override string Describe() => $"lognormal(median {Units.FormatDuration(Median)}, p99 {Units.FormatDuration(P99)})";
    }

    public sealed record Uniform(long Min, long Max) : DurationDistribution
    {
        public override long Sample(RandomStream rng) => (long)Math.Round(rng.Uniform(Min, Max));

        public override double Mean => (Min + Max) / 2.0;

        public override string Describe() => $"uniform({Units.FormatDuration(Min)}, {Units.FormatDuration(Max)})";
    }

    /// <summary>A mixture: each draw first picks a component by weight (heterogeneous deadlines, docs/model.md#the-workload).</summary>
    public sealed record Mix(IReadOnlyList<(double Weight, DurationDistribution Component)> Components) : DurationDistribution
    {
        // Indexed loops: a draw happens per request, and enumerating the list through its interface allocates.
        private double TotalWeight
        {
            get
            {
                var total = 0.0;
                for (var i = 0; i < Components.Count; i++)
                    total += Components[i].Weight;
                return total;
            }
        }

        public override long Sample(RandomStream rng)
        {
            var u = rng.NextDouble() * TotalWeight;
            for (var i = 0; i < Components.Count; i++)
            {
                var (weight, component) = Components[i];
                if (u < weight)
                    return component.Sample(rng);
                u -= weight;
            }
            return Components[^1].Component.Sample(rng);
        }

        public override double Mean => Components.Sum(c => c.Weight * c.Component.Mean) / TotalWeight;

        public override string Describe() =>
            "mix("
            + string.Join(
                ", ",
                Components.Select(c =>
                    $"{(100 * c.Weight / TotalWeight).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)}% "
                    + $"{c.Component.Describe()}"
                )
            )
            + ")";

        public bool Equals(Mix? other) => other is not null && Components.SequenceEqual(other.Components);

        public override int GetHashCode() => Components.Count;
    }
}
