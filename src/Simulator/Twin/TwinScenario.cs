using System.Text.Json;
using StallSim.PoolModel;
using StallSim.PoolModel.Waitlist;
using StallSim.PoolModel.Workload;
using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Twin;

/// <summary>
/// The resolved scenario the twin runs, as JSON (Go's standard library has no YAML): one variant, one seed,
/// every duration in nanoseconds, every default already applied. Written from the bound <see cref="Scenario"/>,
/// so the twin runs exactly what the simulator runs.
/// </summary>
public static class TwinScenario
{
    /// <summary>Why the twin cannot run this scenario, or null.</summary>
    public static string? Unsupported(Scenario s)
    {
        if (s.Workload.Triggers.Any(t => t.Kind == TriggerKind.Restart))
            return "a restart (a Go process cannot kill its own goroutines and go on; run it without workload.restart_at)";
        // The twin's waitlist has the switches twin/pool/variant.go has; any other would run as #20308 under its name.
        const string Has = "it has expiry_check, handoff, self_removal and max_waiters";
        foreach (var v in s.Variants.Select(s.ResolveVariant))
        {
            if (v.Order != WaitlistOrder.Fifo)
                return $"variant {v.Name}: its switch order: {WaitlistVariant.OrderName(v.Order)} "
                    + $"(the twin's waitlist serves FIFO only; {Has})";
            if (v.Shedding is not null)
                return $"variant {v.Name}: its switch codel (the twin's waitlist does not shed; {Has})";
        }
        return null;
    }

    /// <param name="spreadNodes">Each waiter's list node on a page of its own (<c>stallsim twin --cold-walk</c>).</param>
    public static string Json(Scenario s, WaitlistVariant v, ulong seed, bool spreadNodes = false)
    {
        var w = s.Workload;
        var doc = new Dictionary<string, object?>
        {
            ["name"] = s.Name,
            ["horizon_ns"] = s.Horizon,
            ["sample_every_ns"] = s.SampleEvery,
            ["seed"] = (long)seed,
            ["variant"] = new Dictionary<string, object>
            {
                ["name"] = v.Name,
                ["expiry_check"] = (int)v.ExpiryCheck,
                ["buffered_handoff"] = v.BufferedHandoff,
                ["self_removal_o1"] = v.SelfRemoval == SelfRemoval.O1,
                ["max_waiters"] = v.MaxWaiters,
            },
            ["pool"] = new Dictionary<string, object>
            {
                ["capacity"] = s.Pool.Capacity,
                ["dial_ns"] = s.Pool.Dial,
                ["timeout_ns"] = s.Pool.Timeout,
                ["worker_interval_ns"] = s.Pool.WorkerInterval,
                ["spread_nodes"] = spreadNodes,
            },
            ["workload"] = new Dictionary<string, object?>
            {
                ["rate"] = w.Rate,
                ["stages"] = w
                    .Stages.Select(st => new Dictionary<string, object>
                    {
                        ["for_ns"] = st.For,
                        ["rate"] = st.Rate,
                        ["ramp"] = st.RampToNext,
                    })
                    .ToList(),
                ["replay"] = w.Replay.Select(r => new[] { (double)r.At, r.Rate }).ToList(),
                ["triggers"] = w
                    .Triggers.Select(t => new Dictionary<string, object>
                    {
                        ["kind"] = t.Kind switch
                        {
                            TriggerKind.SlowDb => "slow-db",
                            TriggerKind.LoadSpike => "load-spike",
                            _ => "restart",
                        },
                        ["start_ns"] = t.Start,
                        ["duration_ns"] = t.Duration,
                        ["factor"] = t.Factor,
                    })
                    .ToList(),
                ["deadline"] = Distribution(w.Deadline),
                ["service"] = Distribution(w.Service),
                ["retries"] = new Dictionary<string, object?>
                {
                    ["max"] = w.Retries.Max,
                    ["on"] = new[] { (RetryOn.Deadline, "deadline"), (RetryOn.PoolTimeout, "pool_timeout"), (RetryOn.Error, "error") }
                        .Where(x => w.Retries.On.HasFlag(x.Item1))
                        .Select(x => x.Item2)
                        .ToList(),
                    ["backoff"] = new Dictionary<string, object>
                    {
                        ["initial_ns"] = w.Retries.Backoff.Initial,
                        ["max_ns"] = w.Retries.Backoff.Max,
                        ["multiplier"] = w.Retries.Backoff.Multiplier,
                        ["jitter"] = w.Retries.Backoff.Jitter,
                    },
                    ["budget"] = w.Retries.Budget is { } b
                        ? new Dictionary<string, object> { ["ratio"] = b.Ratio, ["min_per_s"] = b.MinPerS }
                        : null,
                },
                ["cut_query_at_deadline"] = w.CutQueryAtDeadline,
            },
            ["census_at_ns"] = s.CensusAt,
            ["dead_request_ns"] = 0L,
        };
        return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true });
    }

    private static Dictionary<string, object> Distribution(DurationDistribution d) =>
        d switch
        {
            DurationDistribution.Constant c => new() { ["kind"] = "constant", ["value_ns"] = c.Value },
            DurationDistribution.Exponential e => new() { ["kind"] = "exponential", ["mean_ns"] = e.MeanNanos },
            DurationDistribution.LogNormal l => new()
            {
                ["kind"] = "lognormal",
                ["median_ns"] = l.Median,
                ["p99_ns"] = l.P99,
            },
            DurationDistribution.Uniform u => new()
            {
                ["kind"] = "uniform",
                ["min_ns"] = u.Min,
                ["max_ns"] = u.Max,
            },
            DurationDistribution.Mix m => new()
            {
                ["kind"] = "mix",
                ["mix"] = m
                    .Components.Select(c => new Dictionary<string, object> { ["weight"] = c.Weight, ["dist"] = Distribution(c.Component) })
                    .ToList(),
            },
            _ => throw new InputException($"the twin has no form for the distribution {d.Describe()}"),
        };
}
