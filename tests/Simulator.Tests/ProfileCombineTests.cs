using StallSim.Simulator.Scenarios;
using StallSim.Simulator.Twin;

namespace StallSim.Simulator.Tests;

/// <summary>calibrate --combine: several calibrations of one machine become one profile, each cost their median and
/// its spread the range of all they measured; calibrations of different machines are refused.</summary>
public class ProfileCombineTests
{
    private static readonly string Profile = SemaWindowProfileTests.Profile;

    /// <summary>Writes the profiles to files of their own and combines them.</summary>
    private static PoolModel.CostsProfile Combined(params string[] profiles)
    {
        var dir = Directory.CreateTempSubdirectory("stallsim-combine-");
        try
        {
            var paths = profiles.Select((p, i) => Path.Combine(dir.FullName, $"p{i}.yaml")).ToList();
            foreach (var (path, text) in paths.Zip(profiles))
                File.WriteAllText(path, text);
            var outPath = Path.Combine(dir.FullName, "combined.yaml");
            File.WriteAllText(outPath, ProfileCombine.Combine(paths));
            return CostProfile.Read(outPath, dir.FullName, null);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Each_cost_is_the_median_of_the_calibrations_and_its_spread_the_range_of_all_they_measured()
    {
        // switch: 37 (spread 37-37), 50 (no spread: an older calibration), 41 (spread 30-70)
        var older = Profile.Replace("  switch: 37ns\n", "  switch: 50ns\n");
        older = older[..older.IndexOf("spread:", StringComparison.Ordinal)];
        var third = Profile.Replace("  switch: 37ns\n", "  switch: 41ns\n").Replace("  switch: [37ns, 37ns]\n", "  switch: [30ns, 70ns]\n");
        var p = Combined(Profile, older, third);
        Assert.Equal(41, p.Switch);
        Assert.Equal((30L, 70L), p.Spread["switch"]);
        Assert.Equal((100L, 100L), p.Spread["chan_wake"]);
    }

    [Fact]
    public void A_table_is_the_median_at_each_length_and_an_even_count_takes_the_mean_of_the_middle_two()
    {
        var slower = Profile.Replace("  scan_per_element_cold: { 1000: 20ns, 50000: 100ns }", "  scan_per_element_cold: { 1000: 30ns, 50000: 161ns }");
        var p = Combined(Profile, slower);
        Assert.Equal(25, p.ScanPerElementCold.PerElement(1000), 3);
        Assert.Equal(131, p.ScanPerElementCold.PerElement(50000), 3); // (100 + 161) / 2 = 130.5, rounded away from zero
    }

    [Fact]
    public void A_table_only_some_calibrations_measured_is_the_median_of_those()
    {
        var older = Profile.Replace("  scan_per_element_heap: { 1000: 14ns, 50000: 30ns }\n", "");
        var p = Combined(older, Profile, older);
        Assert.Equal(30, p.ScanPerElementHeap!.PerElement(50000), 3);
    }

    [Fact]
    public void Calibrations_of_another_machine_are_refused_by_name()
    {
        var other = Profile.Replace("cpu: test", "cpu: another");
        var e = Assert.Throws<InputException>(() => Combined(Profile, other));
        Assert.Contains("p1.yaml", e.Message);
        Assert.Contains("\"another\"", e.Message);
        Assert.Contains("\"test\"", e.Message);
    }

    [Fact]
    public void A_profile_that_is_not_there_is_named_in_one_line_and_nothing_is_written()
    {
        var line = RefusedCombine(dir => $"{Shipped},{dir}/nowhere.yaml");
        Assert.Contains("calibrate --combine", line);
        Assert.Contains("nowhere.yaml", line);
    }

    private static readonly string Shipped = Path.Combine(CliHarness.RepositoryRoot, "profiles", "calibrated.yaml");

    /// <summary>Runs <c>calibrate --combine</c> with the profiles <paramref name="combine"/> names (given the output's
    /// directory), checks it exits 2 with nothing written, and returns its one line.</summary>
    private static string RefusedCombine(Func<string, string> combine)
    {
        var dir = CliHarness.TempDir();
        Directory.CreateDirectory(dir);
        var outcome = CliHarness.Run("calibrate", "--combine", combine(dir), "--out", Path.Combine(dir, "combined.yaml"));
        Assert.Equal(2, outcome.Code);
        var line = Assert.Single(outcome.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(Directory.GetFileSystemEntries(dir));
        return line;
    }

    [Fact]
    public void A_cost_given_as_one_value_in_one_profile_and_a_table_in_another_is_refused_by_name()
    {
        var constant = Profile.Replace("  scan_per_element: { 1000: 10ns, 50000: 12ns }", "  scan_per_element: 11ns")
            .Replace("  ctx_expire: [2us, 2600ns]", "  ctx_expire: [2us, 2600ns]\n  scan_per_element: [11ns, 11ns]");
        var e = Assert.Throws<InputException>(() => Combined(Profile, constant));
        Assert.Contains("p1.yaml", e.Message);
        Assert.Contains("costs.scan_per_element is one value there and a table", e.Message);
    }

    [Fact]
    public void Combining_one_profile_on_the_command_line_is_refused_in_one_line_and_nothing_is_written() =>
        Assert.Equal("stallsim: calibrate --combine: expected two or more profiles measured on this machine", RefusedCombine(_ => Shipped));

    [Fact]
    public void The_heap_shaped_walk_named_on_the_default_profile_that_lacks_it_is_refused_in_one_line()
    {
        var file = CliHarness.TempYaml("go: { costs: { scan_per_element: heap } }\n");
        var outDir = CliHarness.TempDir();
        BadInputTests.AssertRejectedAs("heap on the default", CliHarness.Run("run", file, "--out", outDir, "--quiet"), outDir,
            "go.costs.scan_per_element: heap", "scan_per_element_heap", "run stallsim calibrate again");
    }

    [Fact]
    public void One_calibration_is_not_a_combination()
    {
        var e = Assert.Throws<InputException>(() => Combined(Profile));
        Assert.Contains("two or more profiles", e.Message);
    }
}
