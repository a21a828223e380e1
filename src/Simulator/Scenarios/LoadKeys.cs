using StallSim.Engine;
using StallSim.PoolModel;
using StallSim.PoolModel.Workload;
using YamlDotNet.RepresentationModel;

namespace StallSim.Simulator.Scenarios;

/// <summary>The keys that shape the load over time: triggers (one, a list, a restart), stages and a replayed
/// curve. Their values are checked as they are read, against the horizon bound before them.</summary>
internal static class LoadKeys
{
    private static readonly Dictionary<string, TriggerKind> Kinds = new()
    {
        ["slow-db"] = TriggerKind.SlowDb,
        ["load-spike"] = TriggerKind.LoadSpike,
        ["restart"] = TriggerKind.Restart,
    };

    private static Scenario AddTriggers(Scenario sc, IEnumerable<Trigger> more) =>
        sc with
        {
            Workload = sc.Workload with { Triggers = [.. sc.Workload.Triggers, .. more] },
        };

    /// <summary>One trigger mapping, checked: a window inside the horizon, or a restart at an instant inside it.</summary>
    private static Trigger ReadTrigger(Section t, long horizon)
    {
        var d = new Trigger();
        var kind = t.Choice("kind", TriggerKind.SlowDb, Kinds);
        var trigger = new Trigger
        {
            Kind = kind,
            Start = t.Duration("start", d.Start),
            Duration = kind == TriggerKind.Restart ? 0 : t.Duration("duration", d.Duration),
            Factor = kind == TriggerKind.Restart ? 1 : t.Number("factor", d.Factor),
        };
        t.RejectUnknownKeys();
        if (trigger.Kind == TriggerKind.Restart)
        {
            if (trigger.Start <= 0 || trigger.Start >= horizon)
                throw t.Error(t.Node("start"), "start", "an instant inside the horizon");
            return trigger;
        }
        if (trigger.Start < 0 || trigger.Start >= horizon)
            throw t.Error(t.Node("start"), "start", "an instant inside the horizon");
        if (trigger.Duration <= 0)
            throw t.Error(t.Node("duration"), "duration", "a positive duration");
        if (trigger.End >= horizon)
            throw t.Error(
                t.Node("duration"),
                "duration",
                "a trigger that ends before the horizon (the verdict judges what happens after it)"
            );
        if (!(trigger.Factor > 0))
            throw t.Error(t.Node("factor"), "factor", "a positive number");
        return trigger;
    }

    public static IEnumerable<ScenarioKey> Keys(Scenario d) =>
        [
            new()
            {
                Path = "workload.trigger",
                Form = "none, or a mapping {kind, start, duration, factor}",
                Default = "none",
                Doc = "One trigger: shorthand for a list of one under workload.triggers.",
                After = ["horizon"],
                Bind = (s, k, sc) =>
                    s.Node(k) is null or YamlScalarNode { Value: "none" } ? sc : AddTriggers(sc, [ReadTrigger(s.Child(k)!, sc.Horizon)]),
            },
            new()
            {
                Path = "workload.triggers",
                Form = "a list of {kind, start, duration, factor}",
                After = ["horizon", "workload.trigger"], // listed after the single trigger
                Default = "none",
                Doc =
                    "Windows of trouble and operator actions, any number; overlapping factors multiply. A slow-db or load-spike trigger "
                    + "must end before the horizon: the verdict judges what happens after the last one.",
                Bind = (s, k, sc) =>
                    AddTriggers(
                        sc,
                        s.Items(k, "a list of trigger mappings {kind, start, duration, factor}")
                            .Select(item => ReadTrigger(item, sc.Horizon))
                            .ToList()
                    ),
            },
            StructuredValues.Doc(
                "workload.triggers[].kind",
                "one of slow-db, load-spike, restart",
                "slow-db",
                "slow-db multiplies the query time of queries that start in the window; load-spike multiplies the arrival rate; restart "
                    + "replaces the tablet at start (every goroutine ends; its requests fail)."
            ),
            StructuredValues.Doc(
                "workload.triggers[].start",
                Parsers.Duration.Form,
                Units.FormatDuration(new Trigger().Start),
                "When the window opens (for a restart: when it happens)."
            ),
            StructuredValues.Doc(
                "workload.triggers[].duration",
                Parsers.Duration.Form,
                Units.FormatDuration(new Trigger().Duration),
                "How long the window lasts (not for a restart)."
            ),
            StructuredValues.Doc(
                "workload.triggers[].factor",
                Parsers.Number.Form,
                ScenarioKeys.Inv(new Trigger().Factor),
                "The multiplier (not for a restart)."
            ),
            new()
            {
                Path = "workload.restart_at",
                Form = "a duration, or none",
                After = ["horizon", "workload.triggers"], // the restart comes last in the list
                Default = "none",
                Doc =
                    "Shorthand for a restart trigger at this instant, as production did: every goroutine ends and its request fails; a "
                    + "new, empty pool serves what comes next.",
                Bind = (s, k, sc) =>
                {
                    var at = s.Scalar<long?>(k, null, "a duration with a unit, or none", t => t == "none" ? null : Units.ParseDuration(t));
                    if (at is not { } r)
                        return sc;
                    if (r <= 0 || r >= sc.Horizon)
                        throw s.Error(s.Node(k), k, "an instant inside the horizon");
                    return AddTriggers(
                        sc,
                        [
                            new Trigger
                            {
                                Kind = TriggerKind.Restart,
                                Start = r,
                                Duration = 0,
                                Factor = 1,
                            },
                        ]
                    );
                },
            },
            new()
            {
                Path = "workload.stages",
                Form = "a list of {for, rate or factor, ramp}",
                Default = "none",
                Doc =
                    "A staged load from t = 0, as a load tester writes it: each stage holds a rate (or a factor of workload.rate) for "
                    + "its duration; ramp: linear moves it to the next stage's rate over the stage. After the last stage, "
                    + "workload.rate again. A stage above workload.rate is trouble for the verdict.",
                Bind = (s, k, sc) => ReadStages(s, k, sc),
                After = ["workload.rate"], // a stage's factor multiplies it
                Check = sc =>
                    sc.Workload.Stages.Count > 0 && sc.Workload.Replay.Count > 0
                        ? new Problem("workload.stages", "stages or a replayed curve (workload.replay), not both")
                        : null,
            },
            StructuredValues.Doc("workload.stages[].for", Parsers.Duration.Form, "(required)", "How long the stage lasts."),
            StructuredValues.Doc("workload.stages[].rate", Parsers.Rate.Form, "(rate or factor)", "The stage's arrival rate."),
            StructuredValues.Doc(
                "workload.stages[].factor",
                Parsers.Number.Form,
                "(rate or factor)",
                "The stage's arrival rate as a multiple of workload.rate."
            ),
            StructuredValues.Doc(
                "workload.stages[].deadline",
                Distributions.Forms,
                "workload.deadline",
                "The deadline of the requests sent in the stage (a timeout storm: a stage at 3x whose requests have 2 ms)."
            ),
            StructuredValues.Doc(
                "workload.stages[].service",
                Distributions.Forms,
                "workload.service",
                "The time of the queries started in the stage."
            ),
            StructuredValues.Doc(
                "workload.stages[].ramp",
                "step or linear",
                "step",
                "linear: the rate moves from this stage's to the next one's (or workload.rate after the last) over the stage."
            ),
            new()
            {
                Path = "workload.replay",
                Form = "a CSV file (t_s,rate_per_s), relative to the scenario file",
                Default = "none",
                Doc =
                    "A traffic curve to replay: from each row's t_s on, new requests arrive at its rate_per_s (piecewise constant; the "
                    + "first row at 0). Rates above workload.rate are trouble for the verdict.",
                Bind = (s, k, sc) => s.Node(k) is null ? sc : Replay.Read(s, k, sc),
            },
        ];

    /// <summary>A stage's own deadline or query time, read and checked as workload.deadline and workload.service are.</summary>
    private static DurationDistribution? StageDistribution(Section item, string key)
    {
        if (item.Node(key) is not { } node)
            return null;
        var d = Distributions.Read(item, key, node);
        foreach (var (sub, expected) in Distributions.Problems(d))
            throw item.Error(node, key + sub, expected);
        return d;
    }

    private static Scenario ReadStages(Section s, string key, Scenario sc)
    {
        var stages = new List<Stage>();
        foreach (var item in s.Items(key, "a list of stage mappings {for, rate or factor, ramp}"))
        {
            var length = item.Duration("for", 0);
            if (length <= 0)
                throw item.Error(item.Node("for") ?? item.Mapping, "for", "a positive duration");
            var rate = item.Rate("rate", double.NaN);
            var factor = item.Number("factor", double.NaN);
            if (double.IsNaN(rate) == double.IsNaN(factor))
                throw item.Error(
                    item.Mapping,
                    "rate",
                    "either rate (e.g. 2400/s) or factor (a multiple of workload.rate), not both or neither"
                );
            var value = double.IsNaN(rate) ? factor * sc.Workload.Rate : rate;
            if (!(value > 0) || !double.IsFinite(value))
                throw item.Error(
                    item.Node(double.IsNaN(rate) ? "factor" : "rate"),
                    double.IsNaN(rate) ? "factor" : "rate",
                    "a positive value"
                );
            var ramp = item.Choice("ramp", false, new Dictionary<string, bool> { ["step"] = false, ["linear"] = true });
            var deadline = StageDistribution(item, "deadline");
            var service = StageDistribution(item, "service");
            item.RejectUnknownKeys();
            stages.Add(new Stage(length, value, ramp, deadline, service));
        }
        return stages.Count == 0 ? sc : sc with { Workload = sc.Workload with { Stages = stages } };
    }
}
