using System.Diagnostics;

namespace StallSim.Simulator.Tests;

/// <summary>
/// Every bad input that issue "Safe with any input, round two" names, run as a user runs it: the built tool in a
/// process of its own, as the shell sees it. Each is one line in stallsim's words, exit 2, and nothing written;
/// the in-process tests check the same messages in detail.
/// </summary>
public class IssueCasesAtProcessLevelTests
{
    private const string Quick = "name: quick\nhorizon: 2s\nseeds: [1]\nvariants: [buggy]\npool: { capacity: 5 }\nworkload: { rate: 50/s }\n";
    private const string Sweep = "name: tiny\nbase:\n  name: b\n  horizon: 5s\n  seeds: [1]\n  variants: [buggy]\n  workload: { rate: 20/s }\naxes:\n  workload.rate: [10/s, 20/s]\n";

    /// <summary>(label, arguments with QUICK, SWEEP, OUT and FIFO standing for files made here, environment as k=v, fragments).</summary>
    public static TheoryData<string, string[], string[], string[]> Cases => new()
    {
        { "dump of /dev/zero", ["dump", "/dev/zero"], [], ["/dev/zero", "a character device"] },
        { "validate of /dev/urandom", ["validate", "/dev/urandom"], [], ["/dev/urandom", "a character device"] },
        { "validate of a FIFO", ["validate", "FIFO"], [], ["a named pipe (FIFO)"] },
        { "a costs profile that is a device", ["run", "QUICK", "--out", "OUT", "--set", "go.costs.profile=/dev/zero"], [], ["/dev/zero", "a character device"] },
        { "a replay that is a device", ["run", "QUICK", "--out", "OUT", "--set", "workload.replay=/dev/zero"], [], ["/dev/zero", "a character device"] },
        { "keys --refresh of a device", ["keys", "--refresh", "/dev/zero"], [], ["/dev/zero", "a character device"] },
        { "a worker every nanosecond", ["run", "QUICK", "--out", "OUT", "--set", "horizon=60s", "--set", "pool.worker_interval=1ns"], [], ["simulated events", "--max-events"] },
        { "a time slice of a nanosecond", ["run", "QUICK", "--out", "OUT", "--set", "horizon=60s", "--set", "go.procs=8", "--set", "go.scheduler.time_slice=1ns"], [], ["simulated events"] },
        { "ten million samples", ["run", "QUICK", "--out", "OUT", "--set", "horizon=10000s", "--set", "sample_every=1ms", "--max-events", "100000000000"], [], ["GB for one run", "--force"] },
        { "a --set nested 10,000 deep", ["run", "QUICK", "--out", "OUT", "--set", "description=" + new string('[', 10_000) + new string(']', 10_000)], [], ["nested more than 64 deep"] },
        { "calibrate --out ''", ["calibrate", "--out", ""], [], ["calibrate --out ''"] },
        { "an unrunnable go", ["twin", "QUICK", "--out", "OUT"], ["PATH=NOEXEC"], ["go"] },
        { "a missing TMPDIR", ["twin", "QUICK", "--out", "OUT"], ["TMPDIR=/nonexistent/tmp", "PATH=/usr/bin:/bin"], ["/nonexistent/tmp"] },
        { "a key with a zero-width space", ["run", "HIDDEN", "--out", "OUT"], [], ["hori\\u200Bzon", "hidden or look-alike"] },
        { "an undefined alias", ["validate", "ALIAS"], [], ["scenario.yaml:5", "*nosuch has no anchor"] },
        { "a --set error names the flag", ["run", "QUICK", "--out", "OUT", "--set", "pool.capacity=many"], [], ["--set pool.capacity=many"] },
        { "help of no such verb", ["help", "nosuchverb"], [], ["unknown command 'nosuchverb'"] },
        { "census_at names one instant twice", ["run", "QUICK", "--out", "OUT", "--set", "census_at=[1s, 1s]"], [], ["census_at"] },
        { "a NUL in a name", ["run", "QUICK", "--out", "OUT", "--set", "name=\"a\\0b\""], [], ["control characters"] },
        { "a --set value of two documents", ["run", "QUICK", "--out", "OUT", "--set", "horizon=3s\n---\nx: 1"], [], ["a second YAML document"] },
        { "merge of a points.csv changed by hand", ["merge", "TAMPERED", "--out", "OUT"], [], ["points.csv", "not a finite number"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_case_is_one_line_and_exit_2_in_a_process_of_its_own(string label, string[] args, string[] env, string[] fragments)
    {
        var outDir = CliHarness.TempDir();
        var resolved = args.Select(a => a switch
        {
            "QUICK" => CliHarness.TempYaml(Quick),
            "OUT" => outDir,
            "FIFO" => InputSafetyRoundTwoTests.Fifo(),
            "HIDDEN" => CliHarness.TempYaml(Quick.Replace("horizon: 2s", "hori\u200Bzon: 2s")),
            "ALIAS" => CliHarness.TempYaml("name: a\nhorizon: 30s\n\nworkload:\n  rate: *nosuch\n"),
            "TAMPERED" => TamperedShard(),
            _ => a,
        }).ToArray();
        var environment = env.Select(e => e.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1] == "NOEXEC" ? NoExecGo() + ":/usr/bin:/bin" : kv[1]);
        var o = WholeProcessSafetyTests.Run(environment, null, resolved);
        Assert.True(o.Code == 2, $"{label}: exit {o.Code}, stderr: {o.Err}");
        var err = o.Err.TrimEnd('\n');
        Assert.StartsWith("stallsim: ", err);
        Assert.DoesNotContain('\n', err);
        Assert.DoesNotContain("   at ", err);
        foreach (var f in fragments) Assert.True(err.Contains(f, StringComparison.Ordinal), $"{label}: '{f}' is not in: {err}");
        Assert.False(Directory.Exists(outDir), $"{label}: nothing may be written");
    }

    [Fact]
    public void A_deleted_working_directory_is_named()
    {
        var dir = CliHarness.TempDir();
        Directory.CreateDirectory(dir);
        var dll = Path.Combine(AppContext.BaseDirectory, "stallsim.dll");
        var info = new ProcessStartInfo("sh", ["-c", $"cd '{dir}' && rmdir '{dir}' && exec dotnet '{dll}' run quick.yaml"])
        {
            RedirectStandardError = true, RedirectStandardOutput = true,
        };
        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(2, p.ExitCode);
        Assert.StartsWith("stallsim: the working directory no longer exists", err);
    }

    [Fact]
    public void Dump_csv_quotes_a_file_name_that_needs_it()
    {
        var dir = CliHarness.TempDir();
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "a,b \"c\".txt");
        File.WriteAllText(path, "goroutine 1 [select]:\nmain.main()\n\t/x/main.go:10 +0x1\n\n");
        var o = WholeProcessSafetyTests.Run(null, null, "dump", "--csv", path);
        Assert.Equal(0, o.Code);
        Assert.Equal(["variant,seed,t_s,site,goroutines", "\"a,b \"\"c\"\"\",,,other,1"], o.Out.TrimEnd('\n', '\r').Split("\r\n"));   // RFC 4180 lines, as in every CSV file
    }

    /// <summary>A directory whose <c>go</c> is a file without the execute bit.</summary>
    private static string NoExecGo()
    {
        var dir = CliHarness.TempDir();
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "go"), "not a program");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(dir, "go"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return dir;
    }

    private static string TamperedShard()
    {
        var shard = CliHarness.TempDir();
        Assert.Equal(0, WholeProcessSafetyTests.Run(null, null, "sweep", CliHarness.TempYaml(Sweep), "--out", shard, "--quiet").Code);
        var path = Path.Combine(shard, "points.csv");
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var fields = lines[1].Split(',');
        fields[Array.IndexOf(header, "final_goodput_per_s")] = "abc";
        lines[1] = string.Join(',', fields);
        File.WriteAllLines(path, lines);
        return shard;
    }
}
