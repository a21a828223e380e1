using StallSim.Engine;
using StallSim.PoolModel;
using StallSim.PoolModel.Workload;
using YamlDotNet.RepresentationModel;

namespace StallSim.Simulator.Scenarios;

/// <summary>The keys of a client's retry policy besides its count: what it retries on, its backoff, its budget.</summary>
internal static class RetryKeys
{
    private static Scenario Retry(Scenario s, Func<RetrySettings, RetrySettings> f) =>
        s with
        {
            Workload = s.Workload with { Retries = f(s.Workload.Retries) },
        };

    private static readonly Dictionary<string, RetryOn> Reasons = new()
    {
        ["deadline"] = RetryOn.Deadline,
        ["pool_timeout"] = RetryOn.PoolTimeout,
        ["error"] = RetryOn.Error,
    };

    public static IEnumerable<ScenarioKey> Keys(Scenario d)
    {
        var b = d.Workload.Retries.Backoff;
        return
        [
            new()
            {
                Path = "workload.retries.on",
                Form = "a list of deadline, pool_timeout, error",
                Default = "[deadline, pool_timeout]",
                Doc =
                    "What a client retries after: deadline (its own deadline passed), pool_timeout (the pool gave up first: "
                    + "ResourceExhausted), error (the tablet went away in a restart; without it such clients retry elsewhere).",
                Bind = (s, k, sc) =>
                    s.Node(k) is null
                        ? sc
                        : Retry(sc, r =>
                            r with
                            {
                                On = s.List(k, [], "deadline, pool_timeout or error", t =>
                                        Reasons.TryGetValue(t, out var v) ? v : throw new FormatException()
                                    )
                                    .Aggregate(RetryOn.None, (a, v) => a | v),
                            }
                        ),
            },
            new()
            {
                Path = "workload.retries.backoff",
                Form = "a duration (the initial backoff), or a mapping {initial, max, multiplier, jitter}",
                Default = Units.FormatDuration(b.Initial),
                Doc = "The wait before retry n: min(max, initial × multiplier^(n−1)), times a uniform factor in [1 − jitter, 1 + jitter].",
                Bind = (s, k, sc) =>
                    s.Node(k) switch
                    {
                        null => sc,
                        YamlScalarNode => Retry(sc, r =>
                            r with
                            {
                                Backoff = r.Backoff with { Initial = s.Duration(k, r.Backoff.Initial) },
                            }
                        ),
                        _ => Retry(sc, r => r with { Backoff = ReadBackoff(s.Child(k)!, r.Backoff) }),
                    },
            },
            StructuredValues.Doc(
                "workload.retries.backoff.initial",
                Parsers.Duration.Form,
                Units.FormatDuration(b.Initial),
                "The wait before the first retry."
            ),
            StructuredValues.Doc("workload.retries.backoff.max", Parsers.Duration.Form, "0s (no limit)", "The longest wait."),
            StructuredValues.Doc(
                "workload.retries.backoff.multiplier",
                Parsers.Number.Form,
                ScenarioKeys.Inv(b.Multiplier),
                "Each retry waits this many times longer than the one before (at least 1)."
            ),
            StructuredValues.Doc(
                "workload.retries.backoff.jitter",
                Parsers.Number.Form,
                ScenarioKeys.Inv(b.Jitter),
                "A fraction from 0 to 1: the spread of the uniform factor."
            ),
            new()
            {
                Path = "workload.retries.budget",
                Form = "none, or a mapping {ratio, min_per_s}",
                Default = "none",
                Doc =
                    "A retry budget (gRPC's retry throttling, Finagle's RetryBudget): over the last 10 s, a client sends a retry only "
                    + "while retries number fewer than ratio × new requests + min_per_s × 10.",
                Bind = (s, k, sc) =>
                    s.Node(k) is null or YamlScalarNode { Value: "none" }
                        ? sc
                        : Retry(sc, r => r with { Budget = ReadBudget(s.Child(k)!) }),
            },
            StructuredValues.Doc(
                "workload.retries.budget.ratio",
                Parsers.Number.Form,
                "(required)",
                "Retries allowed per new request, e.g. 0.1."
            ),
            StructuredValues.Doc(
                "workload.retries.budget.min_per_s",
                Parsers.Number.Form,
                "0",
                "Retries allowed per second whatever the ratio allows."
            ),
        ];
    }

    private static Backoff ReadBackoff(Section s, Backoff d)
    {
        var backoff = new Backoff
        {
            Initial = s.Duration("initial", d.Initial),
            Max = s.Duration("max", d.Max),
            Multiplier = s.Number("multiplier", d.Multiplier),
            Jitter = s.Number("jitter", d.Jitter),
        };
        s.RejectUnknownKeys();
        if (backoff.Multiplier is < 1 or > 100)
            throw s.Error(s.Node("multiplier"), "multiplier", "a number from 1 to 100");
        if (backoff.Jitter is < 0 or > 1)
            throw s.Error(s.Node("jitter"), "jitter", "a fraction from 0 to 1");
        if (backoff.Max > 0 && backoff.Max < backoff.Initial)
            throw s.Error(s.Node("max"), "max", "0 (no limit) or at least the initial backoff");
        return backoff;
    }

    private static RetryBudget ReadBudget(Section s)
    {
        var ratio = s.Number("ratio", double.NaN);
        var min = s.Number("min_per_s", 0);
        s.RejectUnknownKeys();
        if (!(ratio is >= 0 and <= 1000))
            throw s.Error(s.Node("ratio") ?? s.Mapping, "ratio", "a number from 0 to 1000 (retries per new request)");
        if (min is < 0 or > 1e9)
            throw s.Error(s.Node("min_per_s"), "min_per_s", "a non-negative number");
        return new RetryBudget(ratio, min);
    }
}
