namespace StallSim.Simulator.Tests;

/// <summary>Bad input never crashes: one line on stderr naming the file, line and key (or the flag) and what
/// was expected, exit code 2, and no output written.</summary>
[Collection("cli")]
public class BadInputTests
{
    private static void AssertRejected(CliHarness.Outcome outcome, string outDir, params string[] fragments) =>
        AssertRejectedAs("", outcome, outDir, fragments);

    /// <summary>Exit 2, one line in stallsim's words with every fragment, no stack trace, nothing written;
    /// <paramref name="label"/> names the case in a failure.</summary>
    internal static void AssertRejectedAs(string label, CliHarness.Outcome outcome, string outDir, params string[] fragments)
    {
        Assert.True(outcome.Code == 2, $"{label}: exit {outcome.Code}, stderr: {outcome.Err}");
        var err = outcome.Err.TrimEnd('\n', '\r');
        Assert.StartsWith("stallsim: ", err);
        Assert.DoesNotContain('\n', err);
        Assert.DoesNotContain("   at ", err);   // no stack trace
        foreach (var fragment in fragments) Assert.True(err.Contains(fragment, StringComparison.Ordinal), $"{label}: '{fragment}' is not in: {err}");
        Assert.False(Directory.Exists(outDir), $"{label}: no output may be written for bad input");
    }

    /// <summary>(file text, fragments the message must contain). The base is a valid scenario with one line changed.</summary>
    public static TheoryData<string, string, string[]> BadFiles => new()
    {
        { "unknown top-level key", "name: x\nhorizen: 300s\n", ["scenario.yaml:2", "horizen", "unknown key"] },
        { "unknown nested key", "pool:\n  capacty: 10\n", ["scenario.yaml:2", "pool.capacty", "unknown key"] },
        { "duration without unit", "horizon: 300\n", ["scenario.yaml:1", "horizon", "duration with a unit", "'300'"] },
        { "unknown duration unit", "horizon: 5days\n", ["horizon", "'5days'"] },
        { "negative capacity", "pool: { capacity: -1 }\n", ["scenario.yaml:1", "pool.capacity", "1 to 1,000,000"] },
        { "capacity not a number", "pool: { capacity: lots }\n", ["pool.capacity", "whole number", "'lots'"] },
        { "rate without unit", "workload: { rate: 700 }\n", ["workload.rate", "rate with a unit"] },
        { "unknown trigger kind", "workload:\n  trigger: { kind: earthquake }\n", ["scenario.yaml:2", "workload.trigger.kind", "slow-db"] },
        { "trigger past the horizon", "horizon: 60s\nworkload:\n  trigger: { kind: slow-db, start: 50s, duration: 20s }\n", ["workload.trigger.duration", "ends before the horizon"] },
        { "lognormal p99 below median", "workload:\n  service: { dist: lognormal, median: 100ms, p99: 50ms }\n", ["workload.service.p99", "above it"] },
        { "negative mix weight", "workload:\n  deadline:\n    mix:\n      - { weight: -1, value: 1s }\n", ["workload.deadline.mix[0].weight", "positive weight"] },
        { "unknown variant", "variants: [buggy, quick-fix]\n", ["variants", "quick-fix"] },
        { "evict without buffered handoff", "custom_variants:\n  half: { base: buggy, expiry_check: evict }\nvariants: [half]\n", ["custom_variants.half", "buffered"] },
        { "custom variant named like a preset", "custom_variants:\n  fixed: { base: buggy }\n", ["custom_variants.fixed", "not a preset"] },
        { "broken YAML", "pool: { capacity: 10\nhorizon: 3s\n", ["scenario.yaml:1", "never closed"] },
        { "broken YAML inside a line", "pool: { capacity: 10 ]\n", ["scenario.yaml:1", "not valid YAML"] },
        { "root is a list", "- a\n- b\n", ["scenario.yaml:1", "mapping of keys"] },
        { "seeds not numbers", "seeds: [one, two]\n", ["seeds", "'one'"] },
        { "census after the horizon", "horizon: 10s\ncensus_at: [20s]\n", ["census_at", "between 0 and the horizon"] },
        { "sample longer than horizon", "horizon: 1s\nsample_every: 2s\n", ["sample_every"] },
        { "jitter above 1", "workload:\n  retries: { max: 1, backoff: { jitter: 1.5 } }\n", ["workload.retries.backoff.jitter", "fraction"] },
        { "pool timeout without a unit", "pool: { timeout: 1 }\n", ["pool.timeout", "duration with a unit"] },
        { "stages not a list", "workload: { stages: 5 }\n", ["workload.stages", "list of stage mappings"] },
        { "stage without a duration", "workload:\n  stages:\n    - { rate: 100/s }\n", ["scenario.yaml:3", "workload.stages[0].for", "positive duration"] },
        { "stage with rate and factor", "workload:\n  stages:\n    - { for: 5s, rate: 100/s, factor: 2 }\n", ["workload.stages[0].rate", "not both"] },
        { "stage deadline negative", "workload:\n  stages:\n    - { for: 5s, rate: 100/s, deadline: -2ms }\n", ["scenario.yaml:3", "workload.stages[0].deadline", "got '-2ms'"] },
        { "stage deadline without a unit", "workload:\n  stages:\n    - { for: 5s, rate: 100/s, deadline: 2 }\n", ["scenario.yaml:3", "workload.stages[0].deadline", "got '2'"] },
        { "stage service zero", "workload:\n  stages:\n    - { for: 5s, rate: 100/s, service: 0ms }\n", ["workload.stages[0].service", "a positive duration"] },
        { "stage with an unknown ramp", "workload:\n  stages:\n    - { for: 5s, rate: 100/s, ramp: cubic }\n", ["workload.stages[0].ramp", "linear"] },
        { "stage with a zero factor", "workload:\n  stages:\n    - { for: 5s, factor: 0 }\n", ["workload.stages[0].factor", "positive"] },
        { "unknown trigger kind in a list", "workload:\n  triggers:\n    - { kind: flood, start: 1s }\n", ["scenario.yaml:3", "workload.triggers[0].kind", "restart"] },
        { "restart trigger after the horizon", "horizon: 10s\nworkload:\n  triggers:\n    - { kind: restart, start: 20s }\n", ["workload.triggers[0].start", "inside the horizon"] },
        { "second trigger ends after the horizon", "horizon: 30s\nworkload:\n  triggers:\n    - { start: 1s, duration: 2s }\n    - { kind: load-spike, start: 20s, duration: 20s }\n", ["scenario.yaml:5", "workload.triggers[1].duration", "before the horizon"] },
        { "retry on an unknown failure", "workload:\n  retries: { max: 1, on: [timeout] }\n", ["workload.retries.on", "pool_timeout", "'timeout'"] },
        { "backoff multiplier below 1", "workload:\n  retries: { backoff: { multiplier: 0.5 } }\n", ["workload.retries.backoff.multiplier", "from 1 to 100"] },
        { "backoff max below initial", "workload:\n  retries: { backoff: { initial: 1s, max: 100ms } }\n", ["workload.retries.backoff.max", "at least the initial"] },
        { "unknown backoff key", "workload:\n  retries: { backoff: { base: 1s } }\n", ["workload.retries.backoff.base", "unknown key"] },
        { "budget without a ratio", "workload:\n  retries: { budget: { min_per_s: 10 } }\n", ["workload.retries.budget.ratio", "retries per new request"] },
        { "budget as a number", "workload:\n  retries: { budget: 0.1 }\n", ["workload.retries.budget", "mapping"] },
        { "restart outside the horizon", "horizon: 10s\nworkload: { restart_at: 20s }\n", ["workload.restart_at", "inside the horizon"] },
        { "threshold above 1", "verdict: { threshold: 2 }\n", ["verdict.threshold"] },
        { "boolean expected", "workload: { cut_query_at_deadline: maybe }\n", ["workload.cut_query_at_deadline", "true or false"] },
        { "section given as a value", "pool: 10\n", ["pool", "mapping of keys"] },
        { "census instant that is neither a duration nor peak", "census_at: [peek]\n", ["census_at", "'peak'", "'peek'"] },
        { "dial without unit", "pool: { dial: 2 }\n", ["pool.dial", "duration with a unit"] },
        { "trigger factor zero", "workload:\n  trigger: { kind: slow-db, factor: 0 }\n", ["workload.trigger.factor", "positive"] },
        { "trigger start after the horizon", "horizon: 30s\nworkload:\n  trigger: { kind: slow-db, start: 40s, duration: 1s }\n", ["workload.trigger.start", "inside the horizon"] },
        { "exponential without a mean", "workload:\n  deadline: { dist: exponential }\n", ["workload.deadline.mean", "positive"] },
        { "uniform max below min", "workload:\n  service: { dist: uniform, min: 50ms, max: 10ms }\n", ["workload.service.max", "min < max"] },
        { "unknown distribution", "workload:\n  service: { dist: pareto }\n", ["workload.service.dist", "lognormal"] },
        { "unknown distribution key", "workload:\n  service: { dist: exponential, mean: 5ms, median: 3ms }\n", ["workload.service.median", "unknown key"] },
        { "duplicate seeds", "seeds: [1, 1]\n", ["seeds", "distinct"] },
        { "duplicate variants", "variants: [buggy, buggy]\n", ["variants", "distinct"] },
        { "negative waiter cap", "custom_variants:\n  capped: { max_waiters: -1 }\nvariants: [capped]\n", ["custom_variants.capped", "max_waiters"] },
        { "retries above 100", "workload:\n  retries: { max: 101 }\n", ["workload.retries.max", "0 to 100"] },
        { "backoff without unit", "workload:\n  retries: { backoff: 100 }\n", ["workload.retries.backoff", "duration"] },
        { "negative mutex hand-off", "go:\n  mutex: { handoff: -1us }\n", ["go.mutex.handoff", "duration"] },
        { "zero starvation threshold", "go:\n  mutex: { starvation_threshold: 0s }\n", ["go.mutex.starvation_threshold", "positive"] },
        { "unknown mutex key", "go:\n  mutex: { spin: 4 }\n", ["go.mutex.spin", "unknown key"] },
        { "wake without unit", "go: { wake: fast }\n", ["go.wake", "'fast'"] },
        { "scan cost without unit", "go:\n  costs: { scan_per_element: 150 }\n", ["go.costs.scan_per_element", "duration"] },
        { "unknown cost", "go:\n  costs: { gc_pause: 1ms }\n", ["go.costs.gc_pause", "unknown key"] },
        { "unknown costs profile", "go: { costs: fastest }\n", ["scenario.yaml:1", "go.costs", "a shipped profile (calibrated)", "'fastest'"] },
        { "costs profile file missing", "go: { costs: ./nowhere.yaml }\n", ["scenario.yaml:1", "go.costs", "profile file that exists", "'./nowhere.yaml'"] },
        { "unknown profile in the costs mapping", "go:\n  costs: { profile: fastest, list_push: 5ns }\n", ["scenario.yaml:2", "go.costs.profile", "'fastest'"] },
        { "scan table with a bad length", "go:\n  costs: { scan_per_element: { many: 5ns } }\n", ["go.costs.scan_per_element", "list lengths"] },
        { "scan table with a bad cost", "go:\n  costs: { scan_per_element: { 1000: fast } }\n", ["go.costs.scan_per_element", "'fast'"] },
        { "negative processors", "go: { procs: -1 }\n", ["go.procs", "0 to 1024"] },
        { "processors not a number", "go: { procs: many }\n", ["go.procs", "'many'"] },
        { "scheduler switch not a boolean", "go:\n  scheduler: { yields: sometimes }\n", ["go.scheduler.yields", "true or false"] },
        { "cold switch not a boolean", "go:\n  scheduler: { cold_switch: maybe }\n", ["scenario.yaml:2", "go.scheduler.cold_switch", "true or false", "'maybe'"] },
        { "per-P timers not a boolean", "go:\n  scheduler: { per_processor_timers: often }\n", ["scenario.yaml:2", "go.scheduler.per_processor_timers", "true or false", "'often'"] },
        { "semaphore race not a boolean", "go:\n  mutex: { semaphore_race: sometimes }\n", ["scenario.yaml:2", "go.mutex.semaphore_race", "true or false", "'sometimes'"] },
        { "negative context expiry", "go:\n  context_expiry: -2us\n", ["scenario.yaml:2", "go.context_expiry", "'-2us'"] },
        { "scheduler latency without unit", "go:\n  scheduler: { wakeup: 20 }\n", ["go.scheduler.wakeup", "duration"] },
        { "zero time slice", "go:\n  scheduler: { time_slice: 0s }\n", ["go.scheduler.time_slice", "positive"] },
        { "unknown scheduler key", "go:\n  scheduler: { gc: true }\n", ["go.scheduler.gc", "unknown key"] },
        { "unknown order", "custom_variants:\n  mine: { order: random }\nvariants: [mine]\n", ["custom_variants.mine.order", "fifo, lifo, adaptive-lifo", "'random'"] },
        { "lifo_after without unit", "custom_variants:\n  mine: { order: adaptive-lifo, lifo_after: 100 }\nvariants: [mine]\n", ["custom_variants.mine.lifo_after", "duration"] },
        { "codel on an unbuffered hand-off", "custom_variants:\n  mine: { base: buggy, codel: { target: 5ms, interval: 100ms } }\nvariants: [mine]\n", ["custom_variants.mine", "codel needs handoff 'buffered'"] },
        { "codel with a zero target", "custom_variants:\n  mine: { base: fixed, codel: { target: 0s } }\nvariants: [mine]\n", ["custom_variants.mine", "target and interval must be positive"] },
        { "codel as a number", "custom_variants:\n  mine: { base: fixed, codel: 5 }\nvariants: [mine]\n", ["custom_variants.mine.codel", "off, or a mapping"] },
        { "unknown codel key", "custom_variants:\n  mine: { base: fixed, codel: { drop: 1 } }\nvariants: [mine]\n", ["custom_variants.mine.codel.drop", "unknown key"] },
        { "zero worker interval", "pool: { worker_interval: 0s }\n", ["pool.worker_interval", "positive"] },
        { "zero verdict hold", "verdict: { hold: 0s }\n", ["verdict.hold", "positive"] },
        { "final window without unit", "verdict: { final_window: 60 }\n", ["verdict.final_window", "duration"] },
        { "description as a list", "description: [a, b]\n", ["description", "text"] },
        { "custom variant switch with an unknown value", "custom_variants:\n  mine: { self_removal: fast }\n", ["custom_variants.mine.self_removal", "scan, o1"] },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_bad_scenario_file_is_rejected_with_one_line(string what, string yaml, string[] fragments)
    {
        var file = CliHarness.TempYaml(yaml);
        var outDir = CliHarness.TempDir();
        var outcome = CliHarness.Run("run", file, "--out", outDir, "--quiet");
        AssertRejectedAs(what, outcome, outDir, fragments);
        Assert.True(outcome.Err.Contains(file, StringComparison.Ordinal), $"{what}: the message does not name the file: {outcome.Err}");
        Assert.Equal(["scenario.yaml"], Directory.GetFileSystemEntries(Path.GetDirectoryName(file)!).Select(Path.GetFileName));   // nothing written beside it
    }

    public static TheoryData<string, string[], string[]> BadFlags => new()
    {
        { "--set without =", ["--set", "workload.rate"], ["--set workload.rate", "KEY.PATH=VALUE"] },
        { "--set with a bad value", ["--set", "workload.rate=fast"], ["--set workload.rate=fast", "rate with a unit", "'fast'"] },
        { "--set of an unknown key", ["--set", "workload.speed=3"], ["--set workload.speed=3", "unknown key"] },
        { "--set below a value", ["--set", "horizon.unit=s"], ["horizon", "is a value"] },
        { "--seed not a number", ["--seed", "abc"], ["--seed abc", "whole number"] },
        { "--expect with an unknown verdict", ["--expect", "buggy=great"], ["--expect buggy=great", "metastable"] },
        { "--expect for a variant not run", ["--expect", "other=stable"], ["--expect other=stable", "not run"] },
        { "--variant unknown", ["--variant", "nope"], ["--variant nope", "variants", "'nope'"] },
        { "--jobs zero", ["--jobs", "0"], ["--jobs 0", "1 to 1024"] },
        { "--max-events zero", ["--max-events", "0"], ["--max-events 0", "positive number of events"] },
        { "--max-events not a number", ["--max-events", "lots"], ["--max-events", "expected a number"] },
        { "unknown option", ["--bogus"], ["bogus", "unknown"] },
        { "missing file", ["no/such/file.yaml"], ["no/such/file.yaml", "no such file"] },
        { "--out is a file", ["--out", "__FILE__"], ["is a file"] },
    };

    [Theory]
    [MemberData(nameof(BadFlags))]
    public void A_bad_flag_is_rejected_with_one_line(string what, string[] flags, string[] fragments)
    {
        var file = CliHarness.TempYaml(CliHarness.Small);
        var outDir = CliHarness.TempDir();
        var args = new List<string> { "run" };
        if (!flags.Contains("no/such/file.yaml")) args.Add(file);
        var outFile = Path.Combine(Path.GetDirectoryName(file)!, "a-file");
        File.WriteAllText(outFile, "");
        args.AddRange(flags.Select(f => f == "__FILE__" ? outFile : f));
        if (!flags.Contains("--out")) args.AddRange(["--out", outDir]);
        args.Add("--quiet");
        AssertRejectedAs(what, CliHarness.Run(args.ToArray()), outDir, fragments);
    }

    [Fact]
    public void Shard_auto_without_a_runner_environment_exits_2_naming_the_variables()
    {
        var outDir = CliHarness.TempDir();
        var outcome = CliHarness.Run("sweep", "ci-sweep", "--shard", "auto", "--out", outDir, "--quiet");
        AssertRejected(outcome, outDir, "--shard auto", "JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID", "STALLSIM_SHARD");
    }

    /// <summary>(CSV text, fragments): a replayed curve that is not one.</summary>
    public static TheoryData<string, string[]> BadReplays => new()
    {
        { "time,rate\n0,100\n", ["replay.csv:1", "header t_s,rate_per_s"] },
        { "t_s,rate_per_s\n1,100\n", ["replay.csv:2", "first row at 0"] },
        { "t_s,rate_per_s\n0,100\n5,200\n5,300\n", ["replay.csv:4", "increasing order"] },
        { "t_s,rate_per_s\n0,-3\n", ["replay.csv:2", "rate_per_s", "non-negative"] },
        { "t_s,rate_per_s\n0,fast\n", ["replay.csv:2", "'fast'"] },
        { "t_s,rate_per_s\n0,1,2\n", ["replay.csv:2", "two fields"] },
        { "t_s,rate_per_s\n", ["replay.csv:1", "at least one row"] },
    };

    [Theory]
    [MemberData(nameof(BadReplays))]
    public void A_bad_replayed_curve_is_rejected_with_the_line_of_its_csv(string csv, string[] fragments)
    {
        var file = CliHarness.TempYaml("workload: { replay: replay.csv }\n");
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(file)!, "replay.csv"), csv);
        var outDir = CliHarness.TempDir();
        AssertRejected(CliHarness.Run("run", file, "--out", outDir, "--quiet"), outDir, fragments);
    }

    /// <summary>(a line of a complete profile, what replaces it, fragments the message must contain).</summary>
    public static TheoryData<string, string, string[]> BadProfiles => new()
    {
        { "  line_transfer: 30ns\n", "", ["p.yaml", "costs.line_transfer", "run stallsim calibrate again"] },
        { "  line_transfer: 30ns\n", "  line_transfer: fast\n", ["p.yaml:6", "costs.line_transfer", "'fast'"] },
        { "  lock_unlock: 5ns\n", "  lock_unlock: -5ns\n", ["p.yaml:5", "costs.lock_unlock", "'-5ns'"] },
        { "  ctx_expire: 2400ns\n", "  ctx_expire: soon\n", ["p.yaml:14", "costs.ctx_expire", "'soon'"] },
        { "  switch: 37ns\n", "  switch: quick\n", ["p.yaml:13", "costs.switch", "'quick'"] },
        { "  resume_hop: { 100: 120ns, 10000: 850ns }\n", "  resume_hop: { 100: 120ns, 0: 850ns }\n", ["p.yaml:15", "costs.resume_hop", "'0'"] },
    };

    [Theory]
    [MemberData(nameof(BadProfiles))]
    public void A_bad_costs_profile_is_rejected_with_the_line_of_its_file(string line, string replacement, string[] fragments)
    {
        var file = CliHarness.TempYaml("go: { costs: p.yaml }\n");
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(file)!, "p.yaml"), SemaWindowProfileTests.Profile.Replace(line, replacement));
        var outDir = CliHarness.TempDir();
        AssertRejected(CliHarness.Run("run", file, "--out", outDir, "--quiet"), outDir, fragments);
    }

    [Fact]
    public void A_missing_replay_file_is_named()
    {
        var file = CliHarness.TempYaml("workload: { replay: nowhere.csv }\n");
        var outDir = CliHarness.TempDir();
        AssertRejected(CliHarness.Run("run", file, "--out", outDir, "--quiet"), outDir, "scenario.yaml:1", "workload.replay", "readable CSV file", "nowhere.csv");
    }

    [Fact]
    public void Validate_applies_set_and_reports_a_bad_value()
    {
        var good = CliHarness.TempYaml(CliHarness.Small);
        var ok = CliHarness.Run("validate", good, "--set", "pool.timeout=1s");
        Assert.Equal(0, ok.Code);
        var outcome = CliHarness.Run("validate", good, "--set", "pool.timeout=soon");
        Assert.Equal(2, outcome.Code);
        Assert.Contains("--set pool.timeout=soon", outcome.Err);
        Assert.Contains("duration", outcome.Err);
    }

    [Fact]
    public void Validate_reports_a_bad_file_and_exits_2()
    {
        var good = CliHarness.TempYaml(CliHarness.Small);
        var bad = CliHarness.TempYaml("pool: { capacity: 0 }\n");
        var outcome = CliHarness.Run("validate", good, bad);
        Assert.Equal(2, outcome.Code);
        Assert.Contains("pool.capacity", outcome.Err);
        Assert.Contains("ok", outcome.Out);
    }
}
