using System.Globalization;
using StallSim.Engine;
using StallSim.PoolModel;
using StallSim.PoolModel.Waitlist;
using StallSim.PoolModel.Workload;

namespace StallSim.Simulator.Scenarios;

/// <summary>
/// Every key a scenario file can set, in one table: the binder reads and validates scenarios from it, and
/// docs/scenarios.md is generated from it (<c>stallsim keys</c>). A key's default is read off
/// <c>new Scenario()</c>, so the documented default is the one that runs.
/// </summary>
public static class ScenarioKeys
{
    /// <summary>The defaults: a scenario file with no keys, the shipped costs profile applied.</summary>
    private static readonly Scenario D = new(); // the shipped profile's costs (CostsProfile.Shipped)

    /// <summary>What a scenario starts from before its file's keys: the defaults, with the default costs profile.</summary>
    public static Scenario Defaults => D;

    internal static ScenarioKey Key<T>(
        string path,
        Parser<T> parser,
        Func<Scenario, T> get,
        Func<Scenario, T, Scenario> set,
        string doc,
        Func<T, bool>? valid = null,
        string? expected = null,
        Func<Scenario, Problem?>? check = null
    ) =>
        new()
        {
            Path = path,
            Form = parser.Form,
            Default = parser.Format(get(D)),
            Show = s => parser.Format(get(s)),
            Range = expected,
            Doc = doc,
            Bind = (section, name, s) => set(s, parser.Read(section, name, get(s))),
            Check = s => valid is not null && !valid(get(s)) ? new Problem(path, expected!) : check?.Invoke(s),
        };

    private static Problem? When(bool wrong, string key, string expected) => wrong ? new Problem(key, expected) : null;

    private static Scenario Pool(Scenario s, Func<PoolModel.Pool.PoolSettings, PoolModel.Pool.PoolSettings> f) =>
        s with
        {
            Pool = f(s.Pool),
        };

    private static Scenario Work(Scenario s, Func<WorkloadSettings, WorkloadSettings> f) => s with { Workload = f(s.Workload) };

    private static Scenario Retry(Scenario s, Func<RetrySettings, RetrySettings> f) => Work(s, w => w with { Retries = f(w.Retries) });

    private static Scenario Rt(Scenario s, Func<PoolModel.Go.RuntimeSettings, PoolModel.Go.RuntimeSettings> f) =>
        s with
        {
            Runtime = f(s.Runtime),
        };

    private static Scenario Cost(Scenario s, Func<CodeCosts, CodeCosts> f) => s with { Costs = f(s.Costs) };

    private static Scenario Verdict(Scenario s, Func<PoolModel.Observe.VerdictSettings, PoolModel.Observe.VerdictSettings> f) =>
        s with
        {
            Verdict = f(s.Verdict),
        };

    private static bool NonNegative(long v) => v >= 0;

    private static bool Positive(long v) => v > 0;

    private const string NonNegativeDuration = "a non-negative duration";
    private const string PositiveDuration = "a positive duration";

    public static IReadOnlyList<ScenarioKey> All { get; } =
        GoKeys.AfterTheProfile([
            Key(
                "name",
                Parsers.Text,
                s => s.Name,
                (s, v) => s with { Name = v },
                "Names the scenario: its outputs go to results/NAME/. Defaults to the file's name.",
                v => !string.IsNullOrWhiteSpace(v) && v.IndexOfAny(['/', '\\']) < 0 && v is not ("." or "..") && !v.Any(char.IsControl),
                "a non-empty name without path separators or control characters"
            ) with
            {
                Default = "the file's name",
            },
            Key(
                "description",
                Parsers.Text,
                s => s.Description,
                (s, v) => s with { Description = v },
                "One paragraph for the report: what the scenario shows."
            ),
            Key(
                "horizon",
                Parsers.Duration,
                s => s.Horizon,
                (s, v) => s with { Horizon = v },
                "Virtual time simulated per run.",
                Positive,
                PositiveDuration
            ),
            Key(
                "sample_every",
                Parsers.Duration,
                s => s.SampleEvery,
                (s, v) => s with { SampleEvery = v },
                "Interval of the time series: rates are per second over each interval, gauges are read at its end.",
                check: s =>
                    When(s.SampleEvery <= 0 || s.SampleEvery > s.Horizon, "sample_every", "a positive duration no longer than the horizon")
                    ?? When(
                        s.Horizon / Math.Max(1, s.SampleEvery) > 10_000_000,
                        "horizon",
                        $"at most 10,000,000 samples per run: a horizon of at most "
                            + $"{Units.FormatDuration((long)Math.Min(long.MaxValue / 2, 1e7 * s.SampleEvery))} with sample_every "
                            + $"{Units.FormatDuration(s.SampleEvery)}"
                    )
            ),
            StructuredValues.SeedsKey(D),
            StructuredValues.VariantsKey(D),
            StructuredValues.CustomVariantsKey(),
            .. StructuredValues.CustomVariantSwitchKeys(),
            StructuredValues.CensusKey(),
            Key(
                "pool.capacity",
                Parsers.Int,
                s => s.Pool.Capacity,
                (s, v) => Pool(s, p => p with { Capacity = v }),
                "Connections in the pool (vttablet's stream pool: 200 by default).",
                v => v is >= 1 and <= 1_000_000,
                "a whole number from 1 to 1,000,000"
            ),
            Key(
                "pool.dial",
                Parsers.Duration,
                s => s.Pool.Dial,
                (s, v) => Pool(s, p => p with { Dial = v }),
                "Time to open a MySQL connection; getNew dials synchronously in the requesting goroutine.",
                NonNegative,
                NonNegativeDuration
            ),
            Key(
                "pool.timeout",
                Parsers.Duration,
                s => s.Pool.Timeout,
                (s, v) => Pool(s, p => p with { Timeout = v }),
                "The pool's acquisition timeout (vttablet's txpool-timeout is 1s; the stream pool has none): a waiter's deadline is the "
                    + "earlier of its request's and this; when it passes first, Get fails with ResourceExhausted. 0s: none.",
                NonNegative,
                NonNegativeDuration
            ),
            Key(
                "pool.worker_interval",
                Parsers.Duration,
                s => s.Pool.WorkerInterval,
                (s, v) => Pool(s, p => p with { WorkerInterval = v }),
                "Period of the pool's worker, whose maybeStarvingCount pass walks the whole waitlist under wl.mu.",
                Positive,
                PositiveDuration
            ),
            Key(
                "workload.rate",
                Parsers.Rate,
                s => s.Workload.Rate,
                (s, v) => Work(s, w => w with { Rate = v }),
                "Arrival rate of new requests (Poisson), outside any load spike.",
                v => v > 0 && double.IsFinite(v),
                "a positive rate, e.g. 700/s"
            ),
            .. LoadKeys.Keys(D),
            StructuredValues.DistributionKey(
                "workload.deadline",
                s => s.Workload.Deadline,
                (s, v) => Work(s, w => w with { Deadline = v }),
                "Each request's deadline, from its arrival: the waiter's context (the stream pool has no pool timeout).",
                D
            ),
            StructuredValues.DistributionKey(
                "workload.service",
                s => s.Workload.Service,
                (s, v) => Work(s, w => w with { Service = v }),
                "Query time on a connection (MySQL streaming), before any slow-database factor.",
                D
            ),
            Key(
                "workload.retries.max",
                Parsers.Int,
                s => s.Workload.Retries.Max,
                (s, v) => Retry(s, r => r with { Max = v }),
                "Retries a client sends after a failure or at its deadline, each a new request with a new deadline.",
                v => v is >= 0 and <= 100,
                "a whole number from 0 to 100"
            ),
            .. RetryKeys.Keys(D),
            Key(
                "workload.cut_query_at_deadline",
                Parsers.Bool,
                s => s.Workload.CutQueryAtDeadline,
                (s, v) => Work(s, w => w with { CutQueryAtDeadline = v }),
                "A query still running at its request's deadline is cancelled then (a streaming query is bound to its context)."
            ),
            .. GoKeys.Keys(D),
            Key(
                "go.mutex.starvation_threshold",
                Parsers.Duration,
                s => s.Runtime.StarvationThreshold,
                (s, v) => Rt(s, r => r with { StarvationThreshold = v }),
                "sync.Mutex's starvationThresholdNs: a waiter that waited longer switches the mutex to starvation mode.",
                Positive,
                PositiveDuration
            ),
            Key(
                "go.mutex.handoff",
                Parsers.Duration,
                s => s.Runtime.MutexHandoff,
                (s, v) => Rt(s, r => r with { MutexHandoff = v }),
                "Without a scheduler (go.procs: 0) only: from Unlock to the next owner (or woken waiter) running. With one, the processors "
                    + "decide it (go.scheduler.switch, the run queues).",
                NonNegative,
                NonNegativeDuration
            ),
            Key(
                "go.mutex.semaphore_race",
                Parsers.Bool,
                s => s.Runtime.SemaphoreRace,
                (s, v) => Rt(s, r => r with { SemaphoreRace = v }),
                "The semaphore's count under the mutex goes to whichever goroutine reaches semacquire1 first, as in Go: a wake-up in "
                    + "flight, or a starvation hand-off in semrelease1's window (derived from the profile: lock_unlock, two "
                    + "line_transfer and "
                    + "one cold element at the queue's length, docs/model.md#the-semaphore-queue), can be taken; false: it belongs to the "
                    + "waiter the release readies."
            ),
            Key(
                "go.wake",
                Parsers.Duration,
                s => s.Runtime.Wake,
                (s, v) => Rt(s, r => r with { Wake = v }),
                "Without a scheduler (go.procs: 0) only: from a channel send or a timer to the readied goroutine running. With one, the "
                    + "processors decide it (go.scheduler.switch, the run queues, the timer lag).",
                NonNegative,
                NonNegativeDuration
            ),
            Key(
                "verdict.threshold",
                Parsers.Number,
                s => s.Verdict.Threshold,
                (s, v) => Verdict(s, x => x with { Threshold = v }),
                "Goodput is healthy at or above this fraction of the baseline.",
                v => v is > 0 and <= 1,
                "a fraction in (0, 1]"
            ),
            Key(
                "verdict.hold",
                Parsers.Duration,
                s => s.Verdict.Hold,
                (s, v) => Verdict(s, x => x with { Hold = v }),
                "Length of the sliding windows whose mean goodput is judged.",
                Positive,
                PositiveDuration
            ),
            Key(
                "verdict.final_window",
                Parsers.Duration,
                s => s.Verdict.FinalWindow,
                (s, v) => Verdict(s, x => x with { FinalWindow = v }),
                "The last stretch of the run whose mean is the final goodput.",
                Positive,
                PositiveDuration
            ),
            Key(
                "verdict.latency_slo",
                Parsers.Duration,
                s => s.Verdict.LatencySlo,
                (s, v) => Verdict(s, x => x with { LatencySlo = v }),
                "A latency objective: a request served later than this after it arrived is not goodput (counted as late). 0: none, a "
                    + "request served before its deadline is goodput.",
                NonNegative,
                NonNegativeDuration
            ),
        ]);

    internal static string Inv(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
