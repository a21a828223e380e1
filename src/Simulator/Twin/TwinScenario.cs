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
    public static string Json(Scenario s, WaitlistVariant v, ulong seed, bool spreadNodes = false) =>
        JsonSerializer.Serialize(Contract(s, v, seed, spreadNodes), new JsonSerializerOptions { WriteIndented = true });

    /// <summary>The scenario as the twin reads it (<see cref="TwinScenarioJson"/>).</summary>
    public static TwinScenarioJson Contract(Scenario s, WaitlistVariant v, ulong seed, bool spreadNodes)
    {
        var w = s.Workload;
        var r = w.Retries;
        return new(
            s.Name,
            s.Horizon,
            s.SampleEvery,
            (long)seed,
            new(v.Name, (int)v.ExpiryCheck, v.BufferedHandoff, v.SelfRemoval == SelfRemoval.O1, v.MaxWaiters),
            new(s.Pool.Capacity, s.Pool.Dial, s.Pool.Timeout, s.Pool.WorkerInterval, spreadNodes),
            new(
                w.Rate,
                [
                    .. w.Stages.Select(st => new TwinStageJson(
                        st.For,
                        st.Rate,
                        st.RampToNext,
                        st.Deadline is { } d ? Distribution(d) : null,
                        st.Service is { } sv ? Distribution(sv) : null
                    )),
                ],
                [.. w.Replay.Select(x => new[] { (double)x.At, x.Rate })],
                [
                    .. w.Triggers.Select(t => new TwinTriggerJson(
                        t.Kind switch
                        {
                            TriggerKind.SlowDb => "slow-db",
                            TriggerKind.LoadSpike => "load-spike",
                            _ => "restart",
                        },
                        t.Start,
                        t.Duration,
                        t.Factor
                    )),
                ],
                Distribution(w.Deadline),
                Distribution(w.Service),
                new(
                    r.Max,
                    [
                        .. new[] { (RetryOn.Deadline, "deadline"), (RetryOn.PoolTimeout, "pool_timeout"), (RetryOn.Error, "error") }
                            .Where(x => r.On.HasFlag(x.Item1))
                            .Select(x => x.Item2),
                    ],
                    new(r.Backoff.Initial, r.Backoff.Max, r.Backoff.Multiplier, r.Backoff.Jitter),
                    r.Budget is { } b ? new(b.Ratio, b.MinPerS) : null
                ),
                w.CutQueryAtDeadline
            ),
            s.CensusAt,
            0L
        );
    }

    private static TwinDistributionJson Distribution(DurationDistribution d) =>
        d switch
        {
            DurationDistribution.Constant c => new("constant", ValueNs: c.Value, Mix: []),
            DurationDistribution.Exponential e => new("exponential", MeanNs: e.MeanNanos, Mix: []),
            DurationDistribution.LogNormal l => new("lognormal", MedianNs: l.Median, P99Ns: l.P99, Mix: []),
            DurationDistribution.Uniform u => new("uniform", MinNs: u.Min, MaxNs: u.Max, Mix: []),
            DurationDistribution.Mix m => new(
                "mix",
                Mix: [.. m.Components.Select(c => new TwinMixJson(c.Weight, Distribution(c.Component)))]
            ),
            _ => throw new InputException($"the twin has no form for the distribution {d.Describe()}"),
        };
}
