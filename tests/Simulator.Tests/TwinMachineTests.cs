using StallSim.Simulator.Twin;

namespace StallSim.Simulator.Tests;

/// <summary>A costs profile belongs to the machine it was measured on: the twin compares the simulator, charging the
/// profile's costs, with the machine the twin runs on, so another CPU's profile is refused unless --force.</summary>
[Collection("cli")]
public class TwinMachineTests
{
    [Fact]
    public void Kept_runs_from_another_cpu_than_the_profiles_are_refused_naming_both()
    {
        var kept = CliHarness.TempDir();
        var run = Directory.CreateDirectory(Path.Combine(kept, "runs", "buggy-1")).FullName;
        File.WriteAllText(Path.Combine(run, "timeseries.csv"), "");
        File.WriteAllText(Path.Combine(run, "run.txt"), "go=go1.19.8 gomaxprocs=2 numcpu=2 nodes=packed\ncpu: Intel(R) Xeon(R) Test CPU\n");
        var outDir = CliHarness.TempDir();
        BadInputTests.AssertRejectedAs(
            "another CPU",
            CliHarness.Run("twin", "staged-overload", "--reuse-twin", kept, "--variant", "buggy", "--seed", "1", "--quiet", "--out", outDir),
            outDir,
            "measured on AMD EPYC",
            "this machine is Intel(R) Xeon(R) Test CPU",
            "stallsim calibrate",
            "--force"
        );
    }

    [Theory]
    [InlineData("AMD EPYC", "AMD EPYC", false)]
    [InlineData("AMD EPYC", "Intel(R) Xeon(R) Platinum 8375C", true)]
    [InlineData("", "AMD EPYC", true)]        // a profile that names no CPU cannot be matched to one
    [InlineData("AMD EPYC", null, false)]     // a twin whose CPU is unknown: the report says so, the run goes on
    public void A_profile_matches_the_twins_machine_by_its_recorded_cpu(string profileCpu, string? twinCpu, bool refused) =>
        Assert.Equal(refused, Machine.Mismatch(profileCpu, twinCpu, "p") is not null);

    [Fact]
    public void The_cpu_is_read_from_cpuinfos_model_name()
    {
        var file = Path.Combine(Directory.CreateDirectory(CliHarness.TempDir()).FullName, "cpuinfo");
        File.WriteAllText(file, "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\nflags\t: fpu\n");
        Assert.Equal("AMD EPYC 7B13", Machine.CpuOf(file));
        Assert.Null(Machine.CpuOf(Path.Combine(CliHarness.TempDir(), "none")));
    }

    /// <summary>--twin-walk charges the simulator the walk the twin's runs paid; the fix's runs walk nothing (its
    /// self-removal is O(1)), so there is none to charge: refused in one line, with nothing written.</summary>
    [Fact]
    public void The_twins_own_walk_is_refused_when_its_runs_walked_nothing()
    {
        var kept = Path.Combine(CliHarness.RepositoryRoot, "results", "staged-overload", "twin");
        var outDir = CliHarness.TempDir();
        BadInputTests.AssertRejectedAs(
            "a twin walk from runs that walked nothing",
            CliHarness.Run("twin", "staged-overload", "--reuse-twin", kept, "--variant", "fixed", "--seed", "1", "--twin-walk", "--quiet", "--out", outDir),
            outDir,
            "--twin-walk",
            "walked fewer than 100,000 elements",
            "no walk of theirs to charge"
        );
    }
}
