using StallSim.Engine;
using StallSim.PoolModel;
using StallSim.PoolModel.Go;
using StallSim.PoolModel.Waitlist;
using YamlDotNet.RepresentationModel;

namespace StallSim.Simulator.Scenarios;

/// <summary>The keys of the Go runtime and the code's costs: the costs profile first (its measurements are the
/// defaults of the keys after it), then single costs, the processors and the scheduler's switches.</summary>
internal static class GoKeys
{
    private static Scenario Rt(Scenario s, Func<RuntimeSettings, RuntimeSettings> f) => s with { Runtime = f(s.Runtime) };

    private static Scenario Sched(Scenario s, Func<SchedulerSettings, SchedulerSettings> f) =>
        Rt(s, r => r with { Scheduler = f(r.Scheduler) });

    private static string Ns(long v) => Units.FormatDuration(v);

    private static string Table(ScanCost c) =>
        c.Points.Count == 1
            ? ScenarioKeys.Inv(c.Points[0].Nanos) + "ns"
            : "{" + string.Join(", ", c.Points.Select(p => $"{p.Length}: {ScenarioKeys.Inv(p.Nanos)}ns")) + "}";

    private const string Measured = "Measured by calibration.";

    /// <summary>Each key under go reads after go.costs, whose profile would otherwise replace the value it set.</summary>
    internal static IReadOnlyList<ScenarioKey> AfterTheProfile(IReadOnlyList<ScenarioKey> keys) =>
        [
            .. keys.Select(k =>
                k.Path.StartsWith("go.", StringComparison.Ordinal) && k.Path != "go.costs" && k.Bind is not null
                    ? k with
                    {
                        After = [.. k.After, "go.costs"],
                    }
                    : k
            ),
        ];

    public static IEnumerable<ScenarioKey> Keys(Scenario d) =>
        [
            new()
            {
                Path = "go.costs",
                Form =
                    "a profile (calibrated, or a file path), or a mapping {profile, list_push, scan_per_element, ctx_check, chan_send, "
                    + "dead_request, request}",
                Default = CostProfile.Default,
                Doc =
                    "The costs profile: the Go costs measured by stallsim calibrate on a machine, which are the defaults of the costs, "
                    + "go.mutex.handoff, go.wake, go.procs and the scheduler's latencies. The mapping's other keys override single "
                    + "costs.",
                Bind = (s, k, sc) =>
                    s.Node(k) switch
                    {
                        null => sc,
                        YamlScalarNode => CostProfile.Apply(sc, s.Text(k, CostProfile.Default), s.Tree.Directory, (s, k)),
                        _ => ReadCosts(s.Child(k)!, sc),
                    },
            },
            StructuredValues.Doc(
                "go.costs.profile",
                "calibrated, or a file path",
                CostProfile.Default,
                "The profile the other costs start from (a path is relative to the scenario file)."
            ),
            StructuredValues.Doc(
                "go.costs.list_push",
                Parsers.Duration.Form,
                Ns(d.Costs.ListPush),
                "Push or unlink one list element, the uncontended lock included. " + Measured
            ),
            StructuredValues.Doc(
                "go.costs.scan_per_element",
                "a duration, a mapping of list lengths to durations, or warm, heap or cold",
                Table(d.Costs.ScanPerElement),
                "One element visited by a walk of the waitlist, by the list's length (interpolated in the log of the length). "
                    + Measured
                    + " warm: the profile's walk in a pool under load (the default); heap: its walk with the nodes among other "
                    + "requests' objects in a large live heap, the GC running; cold: its walk with the nodes in no cache, each on a page "
                    + "of its own."
            ),
            StructuredValues.Doc("go.costs.ctx_check", Parsers.Duration.Form, Ns(d.Costs.CtxCheck), "ctx.Err() on one waiter. " + Measured),
            StructuredValues.Doc(
                "go.costs.chan_send",
                Parsers.Duration.Form,
                Ns(d.Costs.ChanSend),
                "The sender's side of a send that readies a parked goroutine (an eviction). " + Measured
            ),
            StructuredValues.Doc(
                "go.costs.dead_request",
                Parsers.Duration.Form,
                Ns(d.Costs.DeadRequest),
                "A request handed a connection after its deadline fails and recycles it: derived, one ctx check."
            ),
            StructuredValues.Doc(
                "go.costs.request",
                Parsers.Duration.Form,
                Ns(d.Costs.Request),
                "A request's own work outside the pool's waits (its goroutine, its contexts, the pool's calls). " + Measured
            ),
            ScenarioKeys.Key(
                "go.procs",
                Parsers.Int,
                s => s.Runtime.Procs,
                (s, v) => Rt(s, r => r with { Procs = v }),
                "GOMAXPROCS: processors that run goroutines, with Go's scheduler (docs/model.md#the-scheduler); 0 runs every goroutine "
                    + "at once, after fixed latencies. The profile's machine's by default.",
                v => v is >= 0 and <= 1024,
                "a whole number from 0 to 1024"
            ),
            ScenarioKeys.Key(
                "go.scheduler.per_processor_queues",
                Parsers.Bool,
                s => s.Runtime.Scheduler.PerProcessorQueues,
                (s, v) => Sched(s, x => x with { PerProcessorQueues = v }),
                "runnext, local queues of 256, the global queue and stealing, as Go's; false: one global FIFO."
            ),
            ScenarioKeys.Key(
                "go.scheduler.yields",
                Parsers.Bool,
                s => s.Runtime.Scheduler.Yields,
                (s, v) => Sched(s, x => x with { Yields = v }),
                "The unlocker yields its processor after a starvation-mode hand-off (goyield), and the returner calls runtime.Gosched "
                    + $"at waitlist.go:{WaitlistGo.Gosched}."
            ),
            ScenarioKeys.Key(
                "go.scheduler.timer_lag",
                Parsers.Bool,
                s => s.Runtime.Scheduler.TimerLags,
                (s, v) => Sched(s, x => x with { TimerLags = v }),
                "Timers (deadlines, sleeps, I/O) fire when a processor next schedules, or late from an idle one; false: at their instant."
            ),
            ScenarioKeys.Key(
                "go.scheduler.per_processor_timers",
                Parsers.Bool,
                s => s.Runtime.Scheduler.PerProcessorTimers,
                (s, v) => Sched(s, x => x with { PerProcessorTimers = v }),
                "With timer_lag: each processor keeps the timers its goroutines arm and fires only its own when it schedules; "
                    + "another's due timers run when a processor with nothing to run steals, or when the network poller wakes "
                    + "(addtimer, checkTimers, stealWork), as Go's; false (the default): one list that every processor fires from."
            ),
            ScenarioKeys.Key(
                "go.scheduler.cold_switch",
                Parsers.Bool,
                s => s.Runtime.Scheduler.ColdSwitches,
                (s, v) => Sched(s, x => x with { ColdSwitches = v }),
                "Starting a goroutine costs, beyond the switch, what bringing a long-parked goroutine's state back into the caches "
                    + "costs among as many live goroutines (derived from the profile's resume_hop)."
            ),
            ScenarioKeys.Key(
                "go.scheduler.preemption",
                Parsers.Bool,
                s => s.Runtime.Scheduler.Preemption,
                (s, v) => Sched(s, x => x with { Preemption = v }),
                "sysmon preempts a goroutine that has run its time slice, inherited slices included."
            ),
            ScenarioKeys.Key(
                "go.scheduler.switch",
                Parsers.Duration,
                s => s.Runtime.Scheduler.Switch,
                (s, v) => Sched(s, x => x with { Switch = v }),
                "From a processor picking a goroutine to it running, its state in the caches. Measured: the profile's switch "
                    + "(runtime.Gosched between two goroutines on one processor).",
                v => v >= 0,
                "a non-negative duration"
            ),
            ScenarioKeys.Key(
                "go.scheduler.wakeup",
                Parsers.Duration,
                s => s.Runtime.Scheduler.Wakeup,
                (s, v) => Sched(s, x => x with { Wakeup = v }),
                "From work appearing while a processor is idle to that processor looking for it. Measured.",
                v => v >= 0,
                "a non-negative duration"
            ),
            ScenarioKeys.Key(
                "go.scheduler.poll_slack",
                Parsers.Duration,
                s => s.Runtime.Scheduler.PollSlack,
                (s, v) => Sched(s, x => x with { PollSlack = v }),
                "How late the kernel wakes the network poller's thread after its epoll_wait timeout. Measured: time.Sleep(1ms)'s "
                    + "overshoot on an idle process.",
                v => v >= 0,
                "a non-negative duration"
            ),
            ScenarioKeys.Key(
                "go.scheduler.time_slice",
                Parsers.Duration,
                s => s.Runtime.Scheduler.TimeSlice,
                (s, v) => Sched(s, x => x with { TimeSlice = v }),
                "forcePreemptNS: the slice after which sysmon preempts a goroutine.",
                v => v > 0,
                "a positive duration"
            ),
            ScenarioKeys.Key(
                "go.context_expiry",
                Parsers.Duration,
                s => s.Runtime.ContextExpiry,
                (s, v) => Rt(s, r => r with { ContextExpiry = v }),
                "With the scheduler's lagging timers: what a context's deadline costs the processor that runs its timer "
                    + "(time.AfterFunc's goroutine cancels the context and readies the goroutine parked on Done). Measured: the profile's "
                    + "ctx_expire.",
                v => v >= 0,
                "a non-negative duration"
            ),
        ];

    /// <summary>The mapping form of go.costs: a profile (or the default one), then the single costs it names.</summary>
    private static Scenario ReadCosts(Section s, Scenario sc)
    {
        var profile = s.Text("profile", "");
        if (profile.Length > 0)
            sc = CostProfile.Apply(sc, profile, s.Tree.Directory, (s, "profile"));
        var c = sc.Costs;
        var costs = new CodeCosts
        {
            ListPush = s.Duration("list_push", c.ListPush),
            ScanPerElement = s.Node("scan_per_element") switch
            {
                null => c.ScanPerElement,
                YamlScalarNode { Value: { } name } named when CostProfile.WalkTables.ContainsKey(name) => CostProfile.WalkTable(
                    profile.Length > 0 ? profile : CostProfile.Default,
                    named.Value!,
                    s.Tree.Directory,
                    (s, "profile")
                ),
                _ => CostProfile.ReadScan(s, "scan_per_element"),
            },
            CtxCheck = s.Duration("ctx_check", c.CtxCheck),
            ChanSend = s.Duration("chan_send", c.ChanSend),
            DeadRequest = s.Duration("dead_request", c.DeadRequest),
            Request = s.Duration("request", c.Request),
        };
        s.RejectUnknownKeys();
        return sc with { Costs = costs };
    }
}
