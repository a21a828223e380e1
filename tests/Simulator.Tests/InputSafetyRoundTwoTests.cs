using System.Diagnostics;
using System.Threading.Tasks;

namespace StallSim.Simulator.Tests;

/// <summary>
/// Inputs of the second round (issue "Safe with any input, round two"): files that are not files, values nested
/// past the parser's stack, work that ticks whatever the load, and messages that hid what was wrong. Each is one
/// line in stallsim's words, exit 2, and nothing written.
/// </summary>
[Collection("cli")]
public class InputSafetyRoundTwoTests
{
    private const string Quick = "name: quick\nhorizon: 2s\nseeds: [1]\nvariants: [buggy]\npool: { capacity: 5 }\nworkload: { rate: 50/s }\n";

    private static void Rejected(string label, CliHarness.Outcome outcome, string outDir, params string[] fragments) =>
        BadInputTests.AssertRejectedAs(label, outcome, outDir, fragments);

    /// <summary>A named pipe no writer ever opens.</summary>
    internal static string Fifo()
    {
        var dir = CliHarness.TempDir();
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "fifo.yaml");
        using var mkfifo = Process.Start("mkfifo", [path])!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    public static TheoryData<string, string[], string[]> NotFiles => new()
    {
        { "dump of /dev/zero", ["dump", "/dev/zero"], ["/dev/zero", "a character device, not a regular file"] },
        { "validate of /dev/urandom", ["validate", "/dev/urandom"], ["/dev/urandom", "a character device"] },
        { "run of /dev/zero", ["run", "/dev/zero"], ["/dev/zero", "a character device"] },
        { "keys --refresh of /dev/zero", ["keys", "--refresh", "/dev/zero"], ["/dev/zero", "a character device"] },
    };

    [Theory]
    [MemberData(nameof(NotFiles))]
    public void A_device_is_refused_before_it_is_read(string label, string[] args, string[] fragments) =>
        Rejected(label, CliHarness.Run(args), "/nonexistent-marker", fragments);

    [Fact]
    public async Task A_fifo_is_refused_without_waiting_for_a_writer()
    {
        var fifo = Fifo();
        var run = Task.Run(() => CliHarness.Run("validate", fifo));
        // A reader that opened the FIFO would block until a writer came: none ever comes.
        var first = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.True(first == run, "validate of a FIFO did not return");
        Rejected("validate of a FIFO", await run, "/nonexistent-marker", fifo, "a named pipe (FIFO)");
    }

    [Fact]
    public void A_costs_profile_or_replay_that_is_a_device_is_refused()
    {
        var outDir = CliHarness.TempDir();
        var scenario = CliHarness.TempYaml(Quick + "go: { costs: { profile: /dev/zero } }\n");
        Rejected("profile /dev/zero", CliHarness.Run("run", scenario, "--out", outDir, "--quiet"), outDir, "/dev/zero", "a character device");
        var replay = CliHarness.TempYaml(Quick.Replace("workload: { rate: 50/s }", "workload: { rate: 50/s, replay: /dev/zero }"));
        Rejected("replay /dev/zero", CliHarness.Run("run", replay, "--out", outDir, "--quiet"), outDir, "/dev/zero", "a character device");
    }

    [Fact]
    public void A_set_value_nested_ten_thousand_deep_is_refused_not_a_stack_overflow()
    {
        var outDir = CliHarness.TempDir();
        var deep = new string('[', 10_000) + new string(']', 10_000);
        Rejected("deep --set", CliHarness.Run("run", CliHarness.TempYaml(Quick), "--out", outDir, "--set", $"description={deep}"), outDir,
            "--set description=", "nested more than 64 deep");
    }

    public static TheoryData<string, string[], string[]> BadCommands => new()
    {
        { "calibrate to an empty path", ["calibrate", "--out", ""], ["calibrate --out ''", "expected the path"] },
        { "help of no such verb", ["help", "nosuchverb"], ["help nosuchverb", "unknown command 'nosuchverb'", "margins"] },
    };

    [Theory]
    [MemberData(nameof(BadCommands))]
    public void A_bad_command_is_named_as_given(string label, string[] args, string[] fragments) =>
        Rejected(label, CliHarness.Run(args), "/nonexistent-marker", fragments);

    [Fact]
    public void A_key_with_a_hidden_character_is_shown_escaped()
    {
        var outDir = CliHarness.TempDir();
        var file = CliHarness.TempYaml(Quick.Replace("horizon: 2s", "hori\u200Bzon: 2s"));
        Rejected("zero-width space", CliHarness.Run("run", file, "--out", outDir), outDir, "hori\\u200Bzon", "unknown key", "hidden or look-alike");
    }

    public static TheoryData<string, string[], string[]> TicksAndMemory => new()
    {
        { "a worker every nanosecond", ["--set", "horizon=60s", "--set", "pool.worker_interval=1ns"], ["simulated events", "--max-events"] },
        { "a time slice of a nanosecond", ["--set", "horizon=60s", "--set", "go.procs=8", "--set", "go.scheduler.time_slice=1ns"], ["simulated events"] },
        { "ten million samples", ["--set", "horizon=10000s", "--set", "sample_every=1ms", "--max-events", "100000000000"], ["GB for one run", "budget of 4 GB", "--force"] },
        { "no goroutines allowed", ["--max-goroutines", "0"], ["--max-goroutines 0", "expected a positive number"] },
        { "goroutines as a word", ["--max-goroutines", "many"], ["--max-goroutines", "expected a number"] },
    };

    // One connection held for 10 s: every request after the first waits, so the goroutines pile up at 50 a second.
    private static readonly string[] Piling = ["--set", "pool.capacity=1", "--set", "workload.service=10s", "--set", "workload.deadline=10s"];

    [Fact]
    public void A_run_that_piles_up_goroutines_past_its_limit_stops_and_writes_nothing()
    {
        var outDir = CliHarness.TempDir();
        Rejected(
            "piling past 40",
            CliHarness.Run(["run", CliHarness.TempYaml(Quick), "--out", outDir, "--quiet", "--max-goroutines", "40", .. Piling]),
            outDir,
            "quick, buggy seed 1: stopped at",
            "goroutines alive",
            "--max-goroutines 40",
            "--force"
        );
        Assert.Equal(0, CliHarness.Run(["run", CliHarness.TempYaml(Quick), "--out", outDir, "--quiet", "--max-goroutines", "400", .. Piling]).Code);
    }

    [Theory]
    [MemberData(nameof(TicksAndMemory))]
    public void Work_that_ticks_whatever_the_load_and_memory_are_bounded_before_the_start(string label, string[] flags, string[] fragments)
    {
        var outDir = CliHarness.TempDir();
        Rejected(label, CliHarness.Run(["run", CliHarness.TempYaml(Quick), "--out", outDir, "--quiet", .. flags]), outDir, fragments);
    }

    [Fact]
    public void An_undefined_alias_is_blamed_on_its_own_line()
    {
        var file = CliHarness.TempYaml("name: a\nhorizon: 30s\n\nworkload:\n  rate: *nosuch\n");
        Rejected("undefined alias", CliHarness.Run("validate", file), "/nonexistent-marker", "scenario.yaml:5", "*nosuch has no anchor");
    }

    [Fact]
    public void A_journal_entry_half_written_by_a_gone_process_is_removed_by_the_next_sweep()
    {
        var outDir = CliHarness.TempDir();
        var sweep = CliHarness.TempYaml("name: tiny\nbase:\n  name: b\n  horizon: 30s\n  seeds: [1]\n  variants: [buggy]\n  workload: { rate: 20/s }\naxes:\n  workload.rate: [10/s, 20/s]\n");
        Assert.Equal(0, CliHarness.Run("sweep", sweep, "--out", outDir, "--quiet").Code);
        var stale = Path.Combine(outDir, ".points", "000000.csv.2147483646.1.tmp");   // a process id no process has
        File.WriteAllText(stale, "half a ro");
        Assert.Equal(0, CliHarness.Run("sweep", sweep, "--out", outDir, "--quiet").Code);
        Assert.False(File.Exists(stale));
    }

    [Fact]
    public void Keys_refresh_replaces_the_document_whole_or_not_at_all()
    {
        var dir = CliHarness.TempDir();
        Directory.CreateDirectory(dir);
        var doc = Path.Combine(dir, "doc.md");
        File.WriteAllText(doc, "# Keys\n\nno table here\n");
        var outcome = CliHarness.Run("keys", "--refresh", doc);
        Assert.Equal(2, outcome.Code);
        Assert.Equal("# Keys\n\nno table here\n", File.ReadAllText(doc));
        Assert.Empty(Directory.GetFiles(dir, ".*.tmp"));
    }
}

/// <summary>Files stallsim wrote are input like any other when read back: a shard's points.csv changed by hand
/// is refused by merge with one line naming the file, the row and the column.</summary>
[Collection("cli")]
public class ReadBackTests
{
    private const string TwoSeeds = "name: tiny\ndescription: Two rates of a tiny pool.\nbase:\n  name: b\n  horizon: 30s\n  seeds: [1, 2]\n  variants: [buggy]\n  workload: { rate: 20/s }\naxes:\n  workload.rate: [10/s, 20/s]\n";

    private static string Shard()
    {
        var shard = CliHarness.TempDir();
        var outcome = CliHarness.Run("sweep", CliHarness.TempYaml(TwoSeeds), "--out", shard, "--quiet");
        Assert.True(outcome.Code == 0, outcome.Err);
        return shard;
    }

    private static void Tamper(string shard, Func<List<string>, List<string>> change)
    {
        var path = Path.Combine(shard, "points.csv");
        File.WriteAllLines(path, change([.. File.ReadAllLines(path)]));
    }

    private static List<string> SetField(List<string> lines, int row, string column, string value)
    {
        var header = lines[0].Split(',');
        var fields = lines[row].Split(',');
        fields[Array.IndexOf(header, column)] = value;
        lines[row] = string.Join(',', fields);
        return lines;
    }

    public static TheoryData<string, string[]> Tamperings => new()
    {
        { "a non-number", ["row 2, column baseline_goodput_per_s: 'abc' is not a finite number"] },
        { "a NaN", ["row 3, column final_goodput_per_s: 'NaN' is not a finite number"] },
        { "a repeated row", ["row 6 repeats point (20/s), variant buggy, seed 2"] },
        { "a deleted row", ["point (10/s) lacks variant buggy, seed 2"] },
        { "an unknown verdict", ["column verdict: 'fine' is not a verdict"] },
    };

    [Theory]
    [MemberData(nameof(Tamperings))]
    public void Merge_refuses_a_points_csv_changed_by_hand(string label, string[] fragments)
    {
        var shard = Shard();
        Tamper(shard, lines => label switch
        {
            "a non-number" => SetField(lines, 1, "baseline_goodput_per_s", "abc"),
            "a NaN" => SetField(lines, 2, "final_goodput_per_s", "NaN"),
            "a repeated row" => [.. lines, lines[^1]],
            "a deleted row" => [.. lines.Where((_, i) => i != 2)],
            _ => SetField(lines, 1, "verdict", "fine"),
        });
        var outDir = CliHarness.TempDir();
        var outcome = CliHarness.Run("merge", shard, "--out", outDir, "--quiet");
        BadInputTests.AssertRejectedAs(label, outcome, outDir, [Path.Combine(shard, "points.csv"), .. fragments]);
    }
}

/// <summary>Every option and key this round added, given a wrong value: one line, exit 2, nothing written.</summary>
[Collection("cli")]
public class NewOptionsBadInputTests
{
    private const string Quick = "name: quick\nhorizon: 2s\nseeds: [1]\nvariants: [buggy]\npool: { capacity: 5 }\nworkload: { rate: 50/s }\n";
    private const string Sweep = "name: tiny\nbase:\n  name: b\n  horizon: 30s\n  seeds: [1]\n  variants: [buggy]\n  workload: { rate: 20/s }\naxes:\n  workload.rate: [10/s, 20/s]\n";

    public static TheoryData<string, string, string[], string[]> Cases => new()
    {
        { "run --seeds 0", "run", ["--seeds", "0"], ["--seeds 0", "from 1 to 1000"] },
        { "run --seeds with --seed", "run", ["--seeds", "2", "--seed", "3"], ["--seeds 2 and --seed 3", "one of them"] },
        { "run --never of no verdict", "run", ["--never", "buggy=sluggish"], ["--never buggy=sluggish", "VERDICT"] },
        { "run --expect with a verdict twice", "run", ["--expect", "buggy=stable,stable"], ["--expect buggy=stable,stable", "each VERDICT once"] },
        { "run --never of a variant not run", "run", ["--never", "fixed=metastable"], ["--never fixed=metastable", "not run here"] },
        { "a negative latency objective", "run", ["--set", "verdict.latency_slo=-1s"], ["--set verdict.latency_slo=-1s", "expected a duration"] },
        { "a latency objective that is not a duration", "run", ["--set", "verdict.latency_slo=fast"], ["verdict.latency_slo", "fast"] },
        { "sweep --seeds 0", "sweep", ["--seeds", "0"], ["--seeds 0", "from 1 to 1000"] },
        { "sweep --set without a value", "sweep", ["--set", "pool.capacity"], ["--set pool.capacity", "KEY.PATH=VALUE"] },
        { "sweep --set of a wrong value", "sweep", ["--set", "pool.capacity=many"], ["pool.capacity", "many"] },
        { "a --set value of two YAML documents", "run", ["--set", "horizon=3s\n---\nx: 1"], ["--set horizon=3s\\u000A---", "a second YAML document"] },
        { "a scenario name with a NUL", "run", ["--set", "name=\"a\\0b\""], ["name", "control characters"] },
        { "a variant name with a control character", "run", ["--set", "custom_variants={\"a\\u0001b\": {base: buggy}}"], ["custom_variants.a\\u0001b", "control characters"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_wrong_value_of_a_new_option_is_refused(string label, string verb, string[] flags, string[] fragments)
    {
        var outDir = CliHarness.TempDir();
        var file = CliHarness.TempYaml(verb == "sweep" ? Sweep : Quick);
        BadInputTests.AssertRejectedAs(label, CliHarness.Run([verb, file, "--out", outDir, "--quiet", .. flags]), outDir, fragments);
    }

    public static TheoryData<string, string[], string[]> DumpCases => new()
    {
        { "--out without --against", ["--out", "/tmp/nowhere-stallsim"], ["--out: only with --against"] },
        { "--against a directory that is not a run", ["--against", "/tmp"], ["--against /tmp", "no census.csv"] },
    };

    [Theory]
    [MemberData(nameof(DumpCases))]
    public void A_wrong_dump_option_is_refused(string label, string[] flags, string[] fragments)
    {
        var dump = CliHarness.TempYaml("goroutine 1 [select]:\nmain.main()\n\t/x/main.go:10 +0x1\n\n");
        BadInputTests.AssertRejectedAs(label, CliHarness.Run(["dump", dump, .. flags]), "/tmp/nowhere-stallsim", fragments);
    }
}
