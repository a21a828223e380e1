using System.Diagnostics;

namespace StallSim.Simulator.Tests;

/// <summary>
/// The built executable run as a user runs it, in a process of its own: exit codes and stderr as a shell sees
/// them, and what a real <c>kill -9</c> in the middle of a run or a sweep leaves behind.
/// </summary>
public class ProcessTests
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "stallsim.dll");

    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    private static (int Code, string Err) Run(params string[] args)
    {
        using var p = Start(args);
        var err = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, err.Result);
    }

    private static string Scenario(string text)
    {
        var dir = CliHarness.TempDir();
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "scenario.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("run", "/dev/null/sub")]
    [InlineData("sweep", "/dev/null/sub")]
    [InlineData("run", "/proc/version/sub")]
    public void An_unwritable_output_directory_exits_2_with_one_line(string verb, string outDir)
    {
        var what = verb == "run" ? Scenario("name: p\nhorizon: 2s\nseeds: [1]\nworkload: { rate: 20/s }\n") : "ci-sweep";
        var (code, err) = Run(verb, what, "--out", outDir, "--quiet");
        Assert.Equal(2, code);
        Assert.Single(err.TrimEnd().Split('\n'));
        Assert.StartsWith($"stallsim: --out {outDir}: cannot write there", err);
    }

    [Fact]
    public void Merge_into_an_unwritable_directory_exits_2_with_one_line()
    {
        var shard = CliHarness.TempDir();
        var sweep = Scenario("name: s\nbase: { name: b, horizon: 5s, seeds: [1], variants: [buggy], workload: { rate: 10/s } }\naxes:\n  workload.rate: [10/s, 20/s]\n");
        Assert.Equal(0, Run("sweep", sweep, "--out", shard, "--quiet").Code);
        var (code, err) = Run("merge", shard, "--out", "/dev/null/merged", "--quiet");
        Assert.Equal(2, code);
        Assert.Single(err.TrimEnd().Split('\n'));
        Assert.Contains("--out /dev/null/merged: cannot write there", err);
    }

    /// <summary>Every file under <paramref name="dir"/> (but the sweep's journal of finished points), by relative path.</summary>
    private static SortedDictionary<string, byte[]> Files(string dir) =>
        new(Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(dir, f).StartsWith(".points", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(dir, f), File.ReadAllBytes), StringComparer.Ordinal);

    private static void KillAfter(TimeSpan delay, params string[] args)
    {
        using var p = Start(args);
        p.WaitForExit(delay);
        if (!p.HasExited) p.Kill(entireProcessTree: true);   // SIGKILL: no handler runs, no file is closed
        p.WaitForExit();
    }

    [Fact]
    public void A_run_killed_with_sigkill_then_run_again_writes_byte_identical_outputs()
    {
        var scenario = Scenario("name: k\nhorizon: 60s\nseeds: [1, 2]\npool: { capacity: 40 }\nworkload:\n  rate: 400/s\n  trigger: { kind: slow-db, start: 20s, duration: 10s, factor: 5 }\n");
        KilledThenRunAgainMatches(TimeSpan.FromSeconds(1.5), "run", scenario);
    }

    [Fact]
    public void A_sweep_killed_with_sigkill_then_resumed_writes_byte_identical_outputs()
    {
        var sweep = Scenario("name: ks\nbase: { name: b, horizon: 40s, seeds: [1], variants: [buggy, fixed], workload: { rate: 300/s, trigger: { kind: slow-db, start: 10s, duration: 10s, factor: 5 } } }\naxes:\n  workload.rate: [100/s, 200/s, 300/s, 400/s]\n  pool.capacity: [20, 40]\n");
        KilledThenRunAgainMatches(TimeSpan.FromSeconds(2), "sweep", sweep);
    }

    /// <summary>Runs <paramref name="verb"/> once to the end, then again into another directory killed after
    /// <paramref name="killAfter"/> and run a third time there: the two directories must hold the same files.</summary>
    private static void KilledThenRunAgainMatches(TimeSpan killAfter, string verb, string file)
    {
        var reference = CliHarness.TempDir();
        Assert.Equal(0, Run(verb, file, "--out", reference, "--quiet", "--jobs", "1").Code);
        var again = CliHarness.TempDir();
        KillAfter(killAfter, verb, file, "--out", again, "--quiet", "--jobs", "1");
        Assert.Equal(0, Run(verb, file, "--out", again, "--quiet", "--jobs", "1").Code);
        Assert.Equal(Files(reference), Files(again));
    }
}
