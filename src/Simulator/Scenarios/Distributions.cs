using StallSim.PoolModel.Workload;
using YamlDotNet.RepresentationModel;

namespace StallSim.Simulator.Scenarios;

/// <summary>Reading and checking a duration distribution (deadlines, query times).</summary>
internal static class Distributions
{
    public const string Forms =
        "a duration (e.g. 8s), {dist: exponential, mean}, {dist: lognormal, median, p99}, {dist: uniform, min, max}, or {mix: [{weight, "
        + "...}, ...]}";

    public static DurationDistribution Read(Section parent, string key, YamlNode node)
    {
        switch (node)
        {
            case YamlScalarNode:
                return new DurationDistribution.Constant(parent.Scalar(key, 0L, Forms, Engine.Units.ParseDuration));
            case YamlMappingNode mapping:
                var s = parent.Sub(mapping, key);
                if (s.Node("mix") is { } mixNode)
                {
                    if (mixNode is not YamlSequenceNode items || items.Children.Count == 0)
                        throw s.Error(mixNode, "mix", "a non-empty list of {weight, ...distribution}");
                    var components = new List<(double, DurationDistribution)>();
                    for (var i = 0; i < items.Children.Count; i++)
                    {
                        if (items.Children[i] is not YamlMappingNode item)
                            throw s.Error(items.Children[i], $"mix[{i}]", "{weight: w, value: 8s} or {weight: w, dist: ...}");
                        var component = s.Sub(item, $"mix[{i}]");
                        var weight = component.Number("weight", double.NaN);
                        if (!(weight > 0))
                            throw component.Error(item, "weight", "a positive weight");
                        components.Add((weight, ReadBody(component)));
                        component.RejectUnknownKeys();
                    }
                    s.RejectUnknownKeys();
                    return new DurationDistribution.Mix(components);
                }
                var single = ReadBody(s);
                s.RejectUnknownKeys();
                return single;
            default:
                throw parent.Error(node, key, Forms, "a list");
        }
    }

    private static readonly Dictionary<string, string> Kinds = new()
    {
        ["constant"] = "constant",
        ["exponential"] = "exponential",
        ["lognormal"] = "lognormal",
        ["uniform"] = "uniform",
    };

    private static DurationDistribution ReadBody(Section s) =>
        s.Choice("dist", "constant", Kinds) switch
        {
            "exponential" => new DurationDistribution.Exponential(s.Duration("mean", 0)),
            "lognormal" => new DurationDistribution.LogNormal(s.Duration("median", 0), s.Duration("p99", 0)),
            "uniform" => new DurationDistribution.Uniform(s.Duration("min", 0), s.Duration("max", 0)),
            _ => new DurationDistribution.Constant(s.Duration("value", 0)),
        };

    /// <summary>What is wrong with a distribution: (the key below the distribution's own, what was expected).</summary>
    public static IEnumerable<(string Key, string Expected)> Problems(DurationDistribution d)
    {
        switch (d)
        {
            case DurationDistribution.Constant c when c.Value <= 0:
                yield return ("", "a positive duration");
                break;
            case DurationDistribution.Exponential e when e.MeanNanos <= 0:
                yield return (".mean", "a positive duration");
                break;
            case DurationDistribution.LogNormal l when l.Median <= 0 || l.P99 <= l.Median:
                yield return (".p99", "a positive median and a p99 above it");
                break;
            case DurationDistribution.Uniform u when u.Min < 0 || u.Max <= u.Min:
                yield return (".max", "0 <= min < max");
                break;
            case DurationDistribution.Mix m:
                if (m.Components.Count == 0 || m.Components.Any(c => !(c.Weight > 0)))
                    yield return (".mix", "components with positive weights");
                for (var i = 0; i < m.Components.Count; i++)
                    foreach (var p in Problems(m.Components[i].Component))
                        yield return ($".mix[{i}]{p.Key}", p.Expected);
                break;
        }
    }
}
