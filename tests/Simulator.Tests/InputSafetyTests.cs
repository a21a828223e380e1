namespace StallSim.Simulator.Tests;

/// <summary>
/// Inputs that once crashed, ran without bound or wrote where they should not: each is now one line in
/// stallsim's words, exit 2, nothing written (README, "Bad input").
/// </summary>
[Collection("cli")]
public class InputSafetyTests
{
    private const string Quick = "name: quick\nhorizon: 2s\nseeds: [1]\nvariants: [buggy]\npool: { capacity: 5 }\nworkload: { rate: 50/s }\n";

    private static string Yaml(string text, string name = "scenario.yaml")
    {
        var dir = CliHarness.TempDir();
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static void Rejected(string label, CliHarness.Outcome outcome, string outDir, params string[] fragments) =>
        BadInputTests.AssertRejectedAs(label, outcome, outDir, fragments);

    public static TheoryData<string, string, string[]> UnwritableOutputs => new()
    {
        { "below a device", "/dev/null/sub", ["--out /dev/null/sub", "cannot write there"] },
        { "below a file", "/proc/version/sub", ["--out /proc/version/sub", "cannot write there"] },
        { "empty", "", ["--out", "empty path"] },
        { "a 300-character name", "/tmp/" + new string('a', 300), ["--out", "300 characters", "at most 255"] },
    };

    [Theory]
    [MemberData(nameof(UnwritableOutputs))]
    public void An_output_directory_that_cannot_be_written_is_refused_before_the_run(string label, string outDir, string[] fragments)
    {
        Rejected(label, CliHarness.Run("run", Yaml(Quick), "--out", outDir, "--quiet"), "/nonexistent-marker", fragments);
        Rejected(label + " (sweep)", CliHarness.Run("sweep", "ci-sweep", "--out", outDir, "--quiet"), "/nonexistent-marker", fragments);
    }

    [Fact]
    public void Merge_refuses_an_unwritable_output_directory()
    {
        var shard = CliHarness.TempDir();
        Assert.Equal(0, CliHarness.Run("sweep", Yaml(TinySweep), "--out", shard, "--quiet").Code);
        Rejected("merge", CliHarness.Run("merge", shard, "--out", "/dev/null/merged", "--quiet"), "/nonexistent-marker", "--out /dev/null/merged", "cannot write there");
    }

    public static TheoryData<string, string[], string[]> TooMuchWork => new()
    {
        { "a rate of 10^12/s", ["--set", "workload.rate=1000000000000/s"], ["simulated events", "--max-events 2,000,000,000", "--force"] },
        { "a century of horizon", ["--set", "horizon=876000h", "--set", "sample_every=1000h"], ["simulated events", "--force"] },
        { "a load spike of 10^9", ["--set", "workload.triggers=[{kind: load-spike, start: 500ms, duration: 1s, factor: 1000000000}]"], ["simulated events"] },
        { "a low --max-events", ["--max-events", "1000"], ["simulated events", "--max-events 1,000"] },
        { "ten million goroutines waiting", ["--set", "workload.rate=10000000/s", "--set", "horizon=1s", "--max-events", "100000000000"], ["goroutines alive at once", "5,000,000"] },
    };

    [Theory]
    [MemberData(nameof(TooMuchWork))]
    public void Work_above_the_limits_is_refused_before_it_starts(string label, string[] flags, string[] fragments)
    {
        var outDir = CliHarness.TempDir();
        Rejected(label, CliHarness.Run(["run", Yaml(Quick), "--out", outDir, "--quiet", .. flags]), outDir, fragments);
    }

    [Fact]
    public void Force_runs_work_above_max_events()
    {
        var outDir = CliHarness.TempDir();
        var outcome = CliHarness.Run("run", Yaml(Quick), "--out", outDir, "--quiet", "--max-events", "1000", "--force");
        Assert.Equal(0, outcome.Code);
        Assert.True(File.Exists(Path.Combine(outDir, "summary.csv")));
    }

    private const string TinySweep = "name: tiny\ndescription: Two rates of a tiny pool.\nbase:\n  name: b\n  horizon: 30s\n  seeds: [1]\n  variants: [buggy]\n  workload: { rate: 20/s }\naxes:\n  workload.rate: [10/s, 20/s]\n";

    public static TheoryData<string, string, string[]> BadSweeps => new()
    {
        {
            "an alias bomb under set",
            "name: bomb\nbase: seed-stall\nx: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\ny: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nz: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nw: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\nv: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nset:\n  description: [*e, *e, *e]\naxes:\n  workload.rate: [1/s, 2/s]\n",
            ["sweep.yaml", "aliases", "100,000"]
        },
        {
            "3 axes of 1,000 steps",
            "name: huge\nbase: seed-stall\naxes:\n  workload.rate: { from: 1/s, to: 1000/s, steps: 1000 }\n  horizon: { from: 100s, to: 1000s, steps: 1000 }\n  pool.capacity: { from: 1, to: 1000, steps: 1000 }\n",
            ["sweep.yaml:5", "horizon", "at most 100,000 points"]
        },
        { "a repeated axis value", "name: rep\nbase: seed-stall\naxes:\n  workload.rate: [100/s, 100/s]\n", ["sweep.yaml:4", "workload.rate", "each value once", "'100/s'"] },
        { "a range that rounds to repeats", "name: rep\nbase: seed-stall\naxes:\n  go.wake: { from: 1ns, to: 2ns, steps: 5 }\n", ["sweep.yaml:4", "go.wake", "each value once"] },
        { "a name with a path", "name: ../../escaped\nbase: seed-stall\naxes:\n  workload.rate: [1/s, 2/s]\n", ["sweep.yaml:1", "name", "without path separators"] },
    };

    [Theory]
    [MemberData(nameof(BadSweeps))]
    public void A_bad_sweep_is_refused_with_one_line(string label, string yaml, string[] fragments)
    {
        var outDir = CliHarness.TempDir();
        Rejected(label, CliHarness.Run("sweep", Yaml(yaml, "sweep.yaml"), "--out", outDir, "--quiet"), outDir, fragments);
        Rejected(label + " (validate)", CliHarness.Run("validate", Yaml(yaml, "sweep.yaml")), outDir, fragments);
    }

    [Fact]
    public void Ten_thousand_custom_variants_are_read()
    {
        var text = "name: many\nhorizon: 1s\nseeds: [1]\nworkload: { rate: 10/s }\ncustom_variants:\n"
                   + string.Concat(Enumerable.Range(0, 10_000).Select(i => $"  v{i}: {{ base: buggy, expiry_check: skip }}\n"))
                   + "variants: [v9999]\n";
        var outcome = CliHarness.Run("validate", Yaml(text));
        Assert.Equal(0, outcome.Code);
        Assert.Contains("ok (many)", outcome.Out);
    }

    public static TheoryData<string, string, string[]> BadNames => new()
    {
        { "parent directories", "../../escaped", ["name", "without path separators"] },
        { "absolute", "/abs", ["name", "without path separators"] },
        { "a subdirectory", "a/b", ["name", "without path separators"] },
    };

    [Theory]
    [MemberData(nameof(BadNames))]
    public void A_name_with_path_separators_is_refused(string label, string name, string[] fragments)
    {
        var outDir = CliHarness.TempDir();
        Rejected(label, CliHarness.Run("run", Yaml(Quick.Replace("name: quick", $"name: \"{name}\"")), "--out", outDir, "--quiet"), outDir, fragments);
        Rejected(label + " (--set)", CliHarness.Run("run", Yaml(Quick), "--set", $"name={name}", "--out", outDir, "--quiet"), outDir, fragments);
    }

    [Fact]
    public void Stale_temporary_files_of_a_killed_run_are_removed_by_the_next_run_into_the_directory()
    {
        var outDir = CliHarness.TempDir();
        Directory.CreateDirectory(outDir);
        var stale = Path.Combine(outDir, ".summary.csv.2147483646.tmp");   // a process id no process has
        File.WriteAllText(stale, "half a summ");
        Assert.Equal(0, CliHarness.Run("run", Yaml(Quick), "--out", outDir, "--quiet").Code);
        Assert.False(File.Exists(stale));
        Assert.Empty(Directory.GetFiles(outDir, ".*.tmp"));
    }

    public static TheoryData<string, string[], string[]> BadCommandLines => new()
    {
        { "two scenarios to run", ["run", "seed-stall", "load-spike"], ["run takes one scenario", "'load-spike'"] },
        { "validate without a file", ["validate"], ["validate: expected the scenario or sweep files"] },
        { "merge without directories", ["merge"], ["merge: expected the shard directories"] },
        { "merge without --out", ["merge", "/tmp"], ["merge: --out is required"] },
        { "an unknown option", ["run", "--frobnicate"], ["run: unknown option 'frobnicate'"] },
        { "a number that is not one", ["run", "--jobs", "many"], ["run: --jobs: expected a number"] },
    };

    [Theory]
    [MemberData(nameof(BadCommandLines))]
    public void A_bad_command_line_is_refused_in_stallsims_words(string label, string[] args, string[] fragments)
    {
        var outcome = CliHarness.Run(args);
        Rejected(label, outcome, "/nonexistent-marker", fragments);
        Assert.DoesNotContain("sequence value", outcome.Err);   // the parser library's own English
    }

    public static TheoryData<string, string, string[]> BadFiles => new()
    {
        { "empty", "", ["scenario.yaml", "empty", "needs at least a name"] },
        { "two documents", "name: a\n---\nname: b\n", ["scenario.yaml:3", "second YAML document"] },
        { "a tab on line 3", "name: a\nhorizon: 5s\n\tpool: 1\n", ["scenario.yaml:3", "tab in the indentation"] },
        { "an unterminated bracket", "name: a\nseeds: [1, 2\nhorizon: 5s\n", ["scenario.yaml:2", "never closed"] },
        { "50,000 nested brackets", "name: n\nseeds: " + new string('[', 50_000) + new string(']', 50_000) + "\n", ["scenario.yaml:2", "nested more than 64 deep"] },
        { "a horizon of a century alone", "name: a\nhorizon: 876000h\n", ["scenario.yaml:2", "horizon", "at most 10,000,000 samples"] },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_bad_scenario_file_is_refused_at_its_line(string label, string text, string[] fragments)
    {
        var outDir = CliHarness.TempDir();
        Rejected(label, CliHarness.Run("run", Yaml(text), "--out", outDir, "--quiet"), outDir, fragments);
    }

    [Fact]
    public void A_directory_given_as_the_scenario_is_named_as_a_directory()
    {
        var dir = CliHarness.TempDir();
        Directory.CreateDirectory(dir);
        var outDir = CliHarness.TempDir();
        Rejected("directory", CliHarness.Run("run", dir, "--out", outDir, "--quiet"), outDir, dir, "a directory; expected a scenario file");
    }

    [Fact]
    public void A_block_text_with_brackets_and_tabs_inside_is_not_mistaken_for_flow_yaml()
    {
        var text = "name: prose\ndescription: >-\n  an open [ bracket and a {brace\n  \tand a tab inside the text\nhorizon: 2s\nseeds: [1]\nvariants: [buggy]\nworkload: { rate: 10/s }\n";
        Assert.Equal(0, CliHarness.Run("validate", Yaml(text)).Code);
    }

    [Fact]
    public void Merge_judges_never_and_somewhere_on_the_merged_sweep()
    {
        var sweep = Yaml(TinySweep, "tiny.yaml");
        var a = CliHarness.TempDir();
        var b = CliHarness.TempDir();
        Assert.Equal(0, CliHarness.Run("sweep", sweep, "--shard", "1/2", "--out", a, "--quiet").Code);
        Assert.Equal(0, CliHarness.Run("sweep", sweep, "--shard", "2/2", "--out", b, "--quiet").Code);
        var merged = CliHarness.TempDir();
        Assert.Equal(0, CliHarness.Run("merge", a, b, "--out", merged, "--quiet", "--never", "buggy=metastable", "--somewhere", "buggy=stable").Code);
        var failed = CliHarness.Run("merge", a, b, "--out", CliHarness.TempDir(), "--quiet", "--somewhere", "buggy=metastable");
        Assert.Equal(1, failed.Code);
        Assert.Contains("buggy is metastable somewhere, but no run of it is", failed.Err);
        // The merged report keeps the sweep's description, as the unsharded one does.
        Assert.Contains("> Two rates of a tiny pool.", File.ReadAllText(Path.Combine(merged, "report.md")));
    }

    public static TheoryData<string, string[], string[]> BadOptionsOfOtherVerbs => new()
    {
        { "compare with a seed that is not one", ["compare", "mitigations", "--seed", "abc"], ["--seed abc", "whole number"] },
        { "compare of a scenario", ["compare", "seed-stall"], ["not a sweep"] },
        { "refine zero", ["sweep", "cliff", "--refine", "0"], ["--refine 0", "from 1 to 6"] },
        { "refine not a number", ["sweep", "cliff", "--refine", "x"], ["--refine", "expected a number"] },
        { "twin walk given a value", ["twin", "staged-overload", "--twin-walk=yes"], ["twin: --twin-walk is a switch and takes no value", "'--twin-walk=yes'"] },
        { "a run switch given a value", ["run", "seed-stall", "--timing=no"], ["run: --timing is a switch and takes no value", "'--timing=no'"] },
        { "twin reusing a directory without runs", ["twin", "staged-overload", "--reuse-twin", "/nonexistent-twin-runs"], ["--reuse-twin /nonexistent-twin-runs", "no kept run"] },
        { "dump with an unknown line map", ["dump", "--line-map", "release-99", "/dev/null"], ["--line-map release-99", "release-23.0, twin"] },
        { "calibrate into a missing directory", ["calibrate", "--out", "/nonexistent-dir/profile.yaml"], ["--out /nonexistent-dir/profile.yaml", "does not exist"] },
    };

    [Theory]
    [MemberData(nameof(BadOptionsOfOtherVerbs))]
    public void A_bad_option_of_another_verb_is_refused_with_one_line(string label, string[] args, string[] fragments)
    {
        var outDir = CliHarness.TempDir();
        string[] extra = args[0] switch { "dump" => [], "calibrate" => ["--quiet"], _ => ["--quiet", "--out", outDir] };
        Rejected(label, CliHarness.Run([.. args, .. extra]), outDir, fragments);
    }

    /// <summary>--cold-walk against kept runs whose twin laid its nodes out the other way would compare a cold
    /// simulator with a warm twin (or the reverse): refused before anything runs.</summary>
    [Theory]
    [InlineData("packed", true, new[] { "--reuse-twin", "run buggy-1 had packed list nodes", "--cold-walk" })]
    [InlineData("spread", false, new[] { "--reuse-twin", "run buggy-1 was made with --cold-walk", "add --cold-walk" })]
    public void A_cold_walk_against_kept_runs_of_the_other_layout_is_refused(string nodes, bool coldWalk, string[] fragments)
    {
        var kept = CliHarness.TempDir();
        var run = Directory.CreateDirectory(Path.Combine(kept, "runs", "buggy-1")).FullName;
        File.WriteAllText(Path.Combine(run, "timeseries.csv"), "");
        File.WriteAllText(Path.Combine(run, "run.txt"), $"go=go1.19.8 gomaxprocs=2 numcpu=2 nodes={nodes} gc_cpu_fraction=0.0020\n");
        var outDir = CliHarness.TempDir();
        string[] args = ["twin", "staged-overload", "--reuse-twin", kept, "--variant", "buggy", "--seed", "1", "--quiet", "--out", outDir];
        Rejected($"--cold-walk {coldWalk} against {nodes} runs", CliHarness.Run(coldWalk ? [.. args, "--cold-walk"] : args), outDir, fragments);
    }

    [Fact]
    public void A_shard_with_no_points_says_so()
    {
        var outcome = CliHarness.Run("sweep", Yaml(TinySweep, "tiny.yaml"), "--shard", "10/30", "--out", CliHarness.TempDir(), "--quiet");
        Assert.Equal(0, outcome.Code);
        Assert.Contains("shard 10/30 of tiny has no points (2 points in all)", outcome.Err);
    }
}
