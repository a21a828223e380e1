using System.Diagnostics;

namespace StallSim.Simulator.Tests;

/// <summary>
/// Safety that only a whole process shows: a full disk (a tmpfs of a few KB, mounted for the test), standard input
/// named on purpose, the process's locale, each verb's own help, and memory held under 1 GB by the runtime itself
/// (DOTNET_GCHeapHardLimit) while bad inputs are refused.
/// </summary>
public class WholeProcessSafetyTests
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "stallsim.dll");

    private const string Quick = "name: quick\nhorizon: 3s\nseeds: [1]\nvariants: [buggy, fixed]\npool: { capacity: 5 }\nworkload: { rate: 50/s }\n";

    internal sealed record Outcome(int Code, string Out, string Err);

    internal static Outcome Run(IReadOnlyDictionary<string, string>? env, string? stdin, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) info.Environment[k] = v;
        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEndAsync();
        try
        {
            if (stdin is not null) p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        catch (IOException) { }   // the process refused before reading all of it: what some tests want
        p.WaitForExit();
        return new Outcome(p.ExitCode, output.Result, err.Result);
    }

    private static void OneLine(Outcome o, int code, params string[] fragments)
    {
        Assert.True(o.Code == code, $"exit {o.Code}, stderr: {o.Err}");
        var err = o.Err.TrimEnd('\n');
        Assert.StartsWith("stallsim: ", err);
        Assert.DoesNotContain('\n', err);
        Assert.DoesNotContain("   at ", err);
        foreach (var f in fragments) Assert.True(err.Contains(f, StringComparison.Ordinal), $"'{f}' is not in: {err}");
    }

    /// <summary>A tmpfs of <paramref name="kilobytes"/> KB: a disk that fills while stallsim writes.</summary>
    private sealed class TinyDisk : IDisposable
    {
        public string Path { get; } = CliHarness.TempDir();

        public TinyDisk(int kilobytes)
        {
            Directory.CreateDirectory(Path);
            using var mount = Process.Start("mount", ["-t", "tmpfs", "-o", $"size={kilobytes}k", "tmpfs", Path])!;
            mount.WaitForExit();
            Assert.True(mount.ExitCode == 0, "these tests mount a tmpfs, as root (CI runs as root)");
        }

        public void Dispose()
        {
            using var umount = Process.Start("umount", [Path])!;
            umount.WaitForExit();
        }
    }

    private static string[] Everything(string dir) =>
        Directory.Exists(dir) ? Directory.GetFileSystemEntries(dir, "*", SearchOption.AllDirectories) : [];

    [Fact]
    public void A_run_onto_a_full_disk_exits_3_and_leaves_nothing()
    {
        using var disk = new TinyDisk(48);   // room for the probe and the CSVs' start, not for the plots
        var outDir = System.IO.Path.Combine(disk.Path, "out");
        var o = Run(null, null, "run", CliHarness.TempYaml(Quick), "--out", outDir, "--quiet");
        OneLine(o, 3, "cannot write the outputs");
        Assert.Empty(Everything(disk.Path));
    }

    [Fact]
    public void A_merge_onto_a_full_disk_exits_3_and_leaves_no_partial_directory()
    {
        var shard = CliHarness.TempDir();
        var sweep = CliHarness.TempYaml("name: s\nbase: { name: b, horizon: 5s, seeds: [1], variants: [buggy], workload: { rate: 10/s } }\naxes:\n  workload.rate: [10/s, 20/s]\n");
        Assert.Equal(0, Run(null, null, "sweep", sweep, "--out", shard, "--quiet").Code);
        using var disk = new TinyDisk(48);
        var merged = System.IO.Path.Combine(disk.Path, "merged");
        OneLine(Run(null, null, "merge", shard, "--out", merged, "--quiet"), 3, "cannot write the outputs");
        Assert.Empty(Everything(disk.Path));
    }

    [Fact]
    public void A_sweep_onto_a_full_disk_exits_3_and_leaves_no_temporary_file()
    {
        using var disk = new TinyDisk(48);
        var outDir = System.IO.Path.Combine(disk.Path, "sweep");
        var sweep = CliHarness.TempYaml("name: s\nbase: { name: b, horizon: 5s, seeds: [1], variants: [buggy], workload: { rate: 10/s } }\naxes:\n  workload.rate: [10/s, 20/s]\n");
        OneLine(Run(null, null, "sweep", sweep, "--out", outDir, "--quiet"), 3, "cannot write the outputs");
        // A journal of finished points may stay (a sweep resumes from it), never a temporary file.
        Assert.DoesNotContain(Everything(disk.Path), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void A_scenario_in_a_directory_with_a_space_finds_its_replay_beside_it()
    {
        var dir = System.IO.Path.Combine(CliHarness.TempDir(), "my pools");
        Directory.CreateDirectory(dir);
        File.WriteAllText(System.IO.Path.Combine(dir, "rates.csv"), "t_s,rate_per_s\n0,40\n1,60\n");
        var scenario = System.IO.Path.Combine(dir, "pool.yaml");
        File.WriteAllText(scenario, Quick.Replace("workload: { rate: 50/s }", "workload: { rate: 50/s, replay: rates.csv }"));
        var outDir = CliHarness.TempDir();
        var o = Run(null, null, "run", scenario, "--out", outDir, "--quiet");
        Assert.True(o.Code == 0, o.Err);
        Assert.Contains("rates.csv", File.ReadAllText(System.IO.Path.Combine(outDir, "scenario.yaml")));
    }

    [Fact]
    public void Keys_refresh_on_a_full_disk_keeps_the_document_as_it_was()
    {
        using var disk = new TinyDisk(8);
        var doc = System.IO.Path.Combine(disk.Path, "doc.md");
        // The key table is some 30 KB: the rewrite cannot fit beside the document on 8 KB.
        var original = $"# Keys\n\n{Scenarios.KeyDocs.Begin}\nold\n{Scenarios.KeyDocs.End}\n" + new string('x', 3000) + "\n";
        File.WriteAllText(doc, original);
        OneLine(Run(null, null, "keys", "--refresh", doc), 2, "cannot write it", "the document is unchanged");
        Assert.Equal(original, File.ReadAllText(doc));
        Assert.Equal([doc], Everything(disk.Path));
    }

    [Fact]
    public void A_scenario_on_standard_input_runs_like_the_same_file()
    {
        var fromFile = CliHarness.TempDir();
        var fromStdin = CliHarness.TempDir();
        Assert.Equal(0, Run(null, null, "run", CliHarness.TempYaml(Quick), "--out", fromFile, "--quiet").Code);
        var o = Run(null, Quick, "run", "-", "--out", fromStdin, "--quiet");
        Assert.True(o.Code == 0, o.Err);
        foreach (var csv in new[] { "summary.csv", "timeseries.csv" })
            Assert.Equal(File.ReadAllBytes(System.IO.Path.Combine(fromFile, csv)), File.ReadAllBytes(System.IO.Path.Combine(fromStdin, csv)));
    }

    [Fact]
    public void Standard_input_is_bounded_like_a_file()
    {
        var o = Run(null, new string('a', 3 << 20), "validate", "-");
        OneLine(o, 2, "standard input", "larger than 1,048,576 bytes");
        var dump = Run(null, "goroutine 1 [select]:\nmain.main()\n\t/x/main.go:" + new string('9', 200_000) + "\n", "dump", "-");
        OneLine(dump, 2, "standard input:3", "a line longer than 100,000 characters");
    }

    [Fact]
    public void Reports_and_plots_are_the_same_under_a_german_locale_with_icu()
    {
        var invariant = CliHarness.TempDir();
        var german = CliHarness.TempDir();
        var scenario = CliHarness.TempYaml(Quick);   // one file: the report names it
        Assert.Equal(0, Run(null, null, "run", scenario, "--out", invariant, "--quiet").Code);
        var env = new Dictionary<string, string> { ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "0", ["LANG"] = "de_DE.UTF-8", ["LC_ALL"] = "de_DE.UTF-8" };
        var o = Run(env, null, "run", scenario, "--out", german, "--quiet");
        Assert.True(o.Code == 0, o.Err);
        foreach (var file in Directory.GetFiles(invariant).Select(System.IO.Path.GetFileName))
            Assert.True(File.ReadAllBytes(System.IO.Path.Combine(invariant, file!)).SequenceEqual(File.ReadAllBytes(System.IO.Path.Combine(german, file!))),
                $"{file} differs under de_DE");
    }

    [Theory]
    [InlineData("run", "--seeds")]
    [InlineData("margins", "--axis")]
    [InlineData("sweep", "--shard")]
    [InlineData("compare", "--refine")]
    [InlineData("merge", "--out")]
    [InlineData("validate", "--set")]
    [InlineData("list", "--help")]
    [InlineData("keys", "--refresh")]
    [InlineData("dump", "--against")]
    [InlineData("twin", "--variant")]
    [InlineData("calibrate", "--out")]
    public void Each_verb_has_its_own_help(string verb, string option)
    {
        var o = Run(null, null, verb, "--help");
        Assert.Equal(0, o.Code);
        Assert.Contains($"Usage: stallsim {verb}", o.Out);
        Assert.Contains(option, o.Out);
        Assert.Equal(o.Out, Run(null, null, "help", verb).Out);
    }

    [Fact]
    public void Calibrate_refuses_an_unwritable_output_before_it_measures()
    {
        // No Go is looked for: the path is checked first.
        var o = Run(new Dictionary<string, string> { ["PATH"] = "/nonexistent" }, null, "calibrate", "--out", "/proc/profile.yaml");
        OneLine(o, 2, "--out /proc/profile.yaml", "cannot write there");
    }

    /// <summary>Bad inputs that would each take gigabytes if read whole, run with the managed heap capped at 1 GB: each
    /// is still one line and exit 2, so none needed more.</summary>
    public static TheoryData<string, string[], string?> Heavy => new()
    {
        { "/dev/zero as a dump", ["dump", "/dev/zero"], null },
        { "/dev/urandom as a scenario", ["validate", "/dev/urandom"], null },
        { "a sparse 8 GB dump", ["dump", "SPARSE"], null },
        { "a sparse 8 GB scenario", ["run", "SPARSE", "--out", "OUT"], null },
        { "64 MB of one line on standard input", ["dump", "-"], new string('x', 64 << 20) },
        { "ten million samples", ["run", "QUICK", "--out", "OUT", "--set", "horizon=10000s", "--set", "sample_every=1ms", "--max-events", "100000000000"], null },
        { "a million goroutines' worth of rate", ["run", "QUICK", "--out", "OUT", "--set", "workload.rate=100000000/s", "--set", "workload.deadline=100s"], null },
    };

    [Theory]
    [MemberData(nameof(Heavy))]
    public void A_bad_input_is_refused_within_1_GB(string label, string[] args, string? stdin)
    {
        var sparse = System.IO.Path.Combine(CliHarness.TempDir(), "sparse.yaml");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(sparse)!);
        using (var f = File.Create(sparse)) f.SetLength(8L << 30);
        var outDir = CliHarness.TempDir();
        var resolved = args.Select(a => a switch { "SPARSE" => sparse, "OUT" => outDir, "QUICK" => CliHarness.TempYaml(Quick), _ => a }).ToArray();
        var env = new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x40000000" };
        var o = Run(env, stdin, resolved);
        Assert.True(o.Code == 2, $"{label}: exit {o.Code}, stderr: {o.Err}");
        Assert.Single(o.Err.TrimEnd('\n').Split('\n'));
        Assert.False(Directory.Exists(outDir), $"{label}: nothing may be written");
        File.Delete(sparse);
    }
}
