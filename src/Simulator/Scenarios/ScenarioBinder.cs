using System.Globalization;
using StallSim.Engine;
using StallSim.PoolModel;
using StallSim.PoolModel.Waitlist;
using StallSim.PoolModel.Workload;
using YamlDotNet.RepresentationModel;

namespace StallSim.Simulator.Scenarios;

/// <summary>
/// Binds a scenario file (DESIGN.md 6) to a <see cref="Scenario"/>: every key has a default and a unit,
/// unknown keys and wrong values are refused with the file, line, key and what was expected, and the
/// model's own validation is reported against the line of the key it names.
/// </summary>
public static class ScenarioBinder
{
    private static readonly Dictionary<string, TriggerKind> TriggerKinds = new()
    {
        ["none"] = TriggerKind.None, ["slow-db"] = TriggerKind.SlowDb, ["load-spike"] = TriggerKind.LoadSpike,
    };

    private static readonly Dictionary<string, ExpiryCheck> ExpiryChecks = new()
    {
        ["none"] = ExpiryCheck.None, ["skip"] = ExpiryCheck.Skip, ["evict"] = ExpiryCheck.Evict,
    };

    private static readonly Dictionary<string, bool> Handoffs = new() { ["unbuffered"] = false, ["buffered"] = true };

    private static readonly Dictionary<string, SelfRemoval> SelfRemovals = new() { ["scan"] = SelfRemoval.Scan, ["o1"] = SelfRemoval.O1 };

    public static Scenario Bind(YamlTree tree)
    {
        var lines = new Dictionary<string, int>();
        var root = new Section(tree, tree.Root, "", lines);
        var defaults = new Scenario();
        var censusAt = root.List<long?>("census_at", [], "durations or 'peak'", t => t == "peak" ? null : Units.ParseDuration(t));
        var scenario = new Scenario
        {
            Name = root.Text("name", Path.GetFileNameWithoutExtension(tree.Source.Replace("embedded:", ""))),
            Description = root.Text("description", ""),
            Horizon = root.Duration("horizon", defaults.Horizon),
            SampleEvery = root.Duration("sample_every", defaults.SampleEvery),
            Seeds = root.List("seeds", defaults.Seeds, "whole numbers >= 0", t => ulong.Parse(t, NumberStyles.None, CultureInfo.InvariantCulture)),
            Variants = root.List("variants", defaults.Variants, "variant names", t => t),
            CustomVariants = BindVariants(root.Child("custom_variants")),
            Pool = BindPool(root.Child("pool")),
            Workload = BindWorkload(root.Child("workload")),
            Go = BindGo(root.Child("go")),
            CensusAt = [.. censusAt.Where(c => c.HasValue).Select(c => c!.Value)],
            CensusAtPeak = censusAt.Any(c => c is null),
            Verdict = BindVerdict(root.Child("verdict")),
        };
        root.RejectUnknownKeys();
        var problem = scenario.Problems().FirstOrDefault();
        if (problem.Key is not null)
            throw new InputException($"{tree.Where(problem.Key, LineOf(lines, problem.Key))}: {problem.Key}: expected {problem.Problem}");
        return scenario;
    }

    /// <summary>The line of the deepest key path the file has on the way to <paramref name="key"/>.</summary>
    private static int LineOf(Dictionary<string, int> lines, string key)
    {
        for (var path = key; path.Length > 0; path = path.Contains('.') ? path[..path.LastIndexOf('.')] : "")
            if (lines.TryGetValue(path, out var line)) return line;
        return lines.GetValueOrDefault("", 1);
    }

    private static IReadOnlyList<WaitlistVariant> BindVariants(Section? section)
    {
        if (section is null) return [];
        var result = new List<WaitlistVariant>();
        foreach (var (name, node) in section.Entries())
        {
            if (node is not YamlMappingNode mapping) throw section.Error(node, name, "a mapping of switches (base, expiry_check, handoff, self_removal, max_waiters)");
            if (WaitlistVariant.Presets.Any(p => p.Name == name)) throw section.Error(node, name, "a name that is not a preset's (buggy, fixed)");
            var v = section.Sub(mapping, name);
            var presets = WaitlistVariant.Presets.ToDictionary(p => p.Name);
            var basis = v.Choice("base", WaitlistVariant.Buggy, presets);
            var variant = new WaitlistVariant(
                name,
                v.Choice("expiry_check", basis.ExpiryCheck, ExpiryChecks),
                v.Choice("handoff", basis.BufferedHandoff, Handoffs),
                v.Choice("self_removal", basis.SelfRemoval, SelfRemovals),
                v.Int("max_waiters", basis.MaxWaiters));
            v.RejectUnknownKeys();
            result.Add(variant);
        }
        return result;
    }

    private static PoolSettings BindPool(Section? s)
    {
        var d = new PoolSettings();
        if (s is null) return d;
        var pool = new PoolSettings { Capacity = s.Int("capacity", d.Capacity), Dial = s.Duration("dial", d.Dial) };
        s.RejectUnknownKeys();
        return pool;
    }

    private static WorkloadSettings BindWorkload(Section? s)
    {
        var d = new WorkloadSettings();
        if (s is null) return d;
        var workload = new WorkloadSettings
        {
            Rate = s.Rate("rate", d.Rate),
            Trigger = BindTrigger(s),
            Deadline = BindDistribution(s, "deadline", d.Deadline),
            Service = BindDistribution(s, "service", d.Service),
            Retries = BindRetries(s.Child("retries")),
            CutQueryAtDeadline = s.Bool("cut_query_at_deadline", d.CutQueryAtDeadline),
            RestartAt = s.Scalar<long?>("restart_at", d.RestartAt, "a duration with a unit, or none",
                t => t == "none" ? null : Units.ParseDuration(t)),
        };
        s.RejectUnknownKeys();
        return workload;
    }

    private static Trigger BindTrigger(Section workload)
    {
        var d = new Trigger();
        var node = workload.Node("trigger");
        if (node is null) return d;
        if (node is YamlScalarNode { Value: "none" }) return d;
        var s = workload.Child("trigger")!;
        var trigger = new Trigger
        {
            Kind = s.Choice("kind", TriggerKind.SlowDb, TriggerKinds),
            Start = s.Duration("start", d.Start),
            Duration = s.Duration("duration", d.Duration),
            Factor = s.Number("factor", d.Factor),
        };
        s.RejectUnknownKeys();
        return trigger;
    }

    private static RetrySettings BindRetries(Section? s)
    {
        var d = new RetrySettings();
        if (s is null) return d;
        var retries = new RetrySettings { Max = s.Int("max", d.Max), Backoff = s.Duration("backoff", d.Backoff), Jitter = s.Number("jitter", d.Jitter) };
        s.RejectUnknownKeys();
        return retries;
    }

    private const string DistributionForms =
        "a duration (e.g. 8s), {dist: exponential, mean}, {dist: lognormal, median, p99}, {dist: uniform, min, max}, or {mix: [{weight, ...}, ...]}";

    private static DurationDistribution BindDistribution(Section parent, string key, DurationDistribution fallback)
    {
        var node = parent.Node(key);
        return node is null ? fallback : BindDistributionNode(parent, key, node);
    }

    private static DurationDistribution BindDistributionNode(Section parent, string key, YamlNode node)
    {
        switch (node)
        {
            case YamlScalarNode:
                return new DurationDistribution.Constant(parent.Scalar(key, 0L, DistributionForms, Units.ParseDuration));
            case YamlMappingNode mapping:
                var s = parent.Sub(mapping, key);
                if (s.Node("mix") is { } mixNode)
                {
                    if (mixNode is not YamlSequenceNode items || items.Children.Count == 0)
                        throw s.Error(mixNode, "mix", "a non-empty list of {weight, ...distribution}");
                    var components = new List<(double, DurationDistribution)>();
                    for (var i = 0; i < items.Children.Count; i++)
                    {
                        if (items.Children[i] is not YamlMappingNode item) throw s.Error(items.Children[i], $"mix[{i}]", "{weight: w, value: 8s} or {weight: w, dist: ...}");
                        var component = s.Sub(item, $"mix[{i}]");
                        var weight = component.Number("weight", double.NaN);
                        if (!(weight > 0)) throw component.Error(item, "weight", "a positive weight");
                        components.Add((weight, BindDistributionBody(component, item)));
                        component.RejectUnknownKeys();
                    }
                    s.RejectUnknownKeys();
                    return new DurationDistribution.Mix(components);
                }
                var single = BindDistributionBody(s, mapping);
                s.RejectUnknownKeys();
                return single;
            default:
                throw parent.Error(node, key, DistributionForms, "a list");
        }
    }

    private static DurationDistribution BindDistributionBody(Section s, YamlMappingNode at)
    {
        var kinds = new Dictionary<string, string> { ["constant"] = "constant", ["exponential"] = "exponential", ["lognormal"] = "lognormal", ["uniform"] = "uniform" };
        var kind = s.Choice("dist", "constant", kinds);
        DurationDistribution d = kind switch
        {
            "exponential" => new DurationDistribution.Exponential(s.Duration("mean", 0)),
            "lognormal" => new DurationDistribution.LogNormal(s.Duration("median", 0), s.Duration("p99", 0)),
            "uniform" => new DurationDistribution.Uniform(s.Duration("min", 0), s.Duration("max", 0)),
            _ => new DurationDistribution.Constant(s.Duration("value", 0)),
        };
        return d;
    }

    private static GoSettings BindGo(Section? s)
    {
        var d = new GoSettings();
        if (s is null) return d;
        var mutex = s.Child("mutex");
        var costs = s.Child("costs");
        var go = new GoSettings
        {
            StarvationThreshold = mutex?.Duration("starvation_threshold", d.StarvationThreshold) ?? d.StarvationThreshold,
            MutexHandoff = mutex?.Duration("handoff", d.MutexHandoff) ?? d.MutexHandoff,
            Wake = s.Duration("wake", d.Wake),
            ListPush = costs?.Duration("list_push", d.ListPush) ?? d.ListPush,
            ScanPerElement = costs?.Duration("scan_per_element", d.ScanPerElement) ?? d.ScanPerElement,
            CtxCheck = costs?.Duration("ctx_check", d.CtxCheck) ?? d.CtxCheck,
            ChanSend = costs?.Duration("chan_send", d.ChanSend) ?? d.ChanSend,
            DeadRequest = costs?.Duration("dead_request", d.DeadRequest) ?? d.DeadRequest,
            WorkerInterval = s.Duration("worker_interval", d.WorkerInterval),
        };
        mutex?.RejectUnknownKeys();
        costs?.RejectUnknownKeys();
        s.RejectUnknownKeys();
        return go;
    }

    private static VerdictSettings BindVerdict(Section? s)
    {
        var d = new VerdictSettings();
        if (s is null) return d;
        var verdict = new VerdictSettings
        {
            Threshold = s.Number("threshold", d.Threshold),
            Hold = s.Duration("hold", d.Hold),
            FinalWindow = s.Duration("final_window", d.FinalWindow),
        };
        s.RejectUnknownKeys();
        return verdict;
    }
}
