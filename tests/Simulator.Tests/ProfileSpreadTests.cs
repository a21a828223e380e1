using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Tests;

/// <summary>A profile's spread (calibrate's repeated measurements of each single-valued cost, whose median the cost
/// is): read into the profile, refused where it is not a range that holds its cost, and named by margins beside a
/// boundary on that cost.</summary>
public class ProfileSpreadTests
{
    private const string LineTransfer = "  line_transfer: [30ns, 30ns]\n";

    /// <summary>The hand-written profile with <paramref name="lines"/> in place of its line_transfer range.</summary>
    private static string With(string lines) => SemaWindowProfileTests.Profile.Replace(LineTransfer, lines);

    private static PoolModel.CostsProfile Read(string profile)
    {
        var dir = Directory.CreateTempSubdirectory("stallsim-spread-");
        try
        {
            var path = Path.Combine(dir.FullName, "p.yaml");
            File.WriteAllText(path, profile);
            return CostProfile.Read(path, dir.FullName, null);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_profile_gives_each_cost_s_range_over_its_repeats()
    {
        var spread = Read(With("  line_transfer: [28ns, 162ns]\n")).Spread;
        Assert.Equal((28L, 162L), spread["line_transfer"]);
        Assert.Equal((2000L, 2600L), spread["ctx_expire"]);
        Assert.Equal(12, spread.Count);   // every single-valued cost; the tables have none
    }

    [Fact]
    public void A_profile_from_before_calibrate_measured_its_spread_gives_none()
    {
        var profile = SemaWindowProfileTests.Profile;
        Assert.Empty(Read(profile[..profile.IndexOf("spread:", StringComparison.Ordinal)]).Spread);
    }

    [Fact]
    public void A_spread_that_leaves_out_a_cost_is_refused_by_the_cost_s_name()
    {
        var e = Assert.Throws<InputException>(() => Read(With("")));
        Assert.Contains("spread.line_transfer", e.Message);
        Assert.Contains("run stallsim calibrate again", e.Message);
    }

    [Theory]
    [InlineData("  line_transfer: [31ns, 162ns]\n", "p.yaml:", "spread.line_transfer", "holds the cost's value (30ns)")]
    [InlineData("  line_transfer: [162ns, 28ns]\n", "p.yaml:", "spread.line_transfer", "the lower first")]
    [InlineData("  line_transfer: [28ns]\n", "p.yaml:", "spread.line_transfer", "two durations")]
    [InlineData(LineTransfer + "  resume_hop: [100ns, 900ns]\n", "p.yaml:", "spread.resume_hop", "single-valued costs (list_push, ctx_check")]
    [InlineData(LineTransfer + "  nosuch: [1ns, 2ns]\n", "p.yaml:", "spread.nosuch", "got 'nosuch'")]
    public void A_spread_that_is_not_a_range_holding_its_cost_is_refused_where_it_stands(string lines, params string[] fragments)
    {
        var e = Assert.Throws<InputException>(() => Read(With(lines)));
        foreach (var fragment in fragments)
            Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void A_scenario_on_a_profile_with_a_bad_spread_is_refused_in_one_line_and_writes_nothing()
    {
        var dir = CliHarness.TempDir();
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "p.yaml"), With("  line_transfer: [31ns, 162ns]\n"));
        var scenario = Path.Combine(dir, "s.yaml");
        File.WriteAllText(scenario, "name: s\nhorizon: 1s\ngo: { costs: p.yaml }\n");
        var outDir = Path.Combine(dir, "out");
        BadInputTests.AssertRejectedAs(
            "bad spread",
            CliHarness.Run("run", scenario, "--out", outDir),
            outDir,
            "p.yaml:",
            "spread.line_transfer: expected a range that holds the cost's value (30ns)"
        );
    }

    [Theory]
    [InlineData("go.mutex.handoff", "starving_handoff")]
    [InlineData("go.scheduler.switch", "switch")]
    [InlineData("go.costs.list_push", "list_push")]
    [InlineData("workload.rate", null)]
    public void A_scenario_key_names_the_profile_cost_it_defaults_to(string key, string? cost) =>
        Assert.Equal(cost, ProfileSpread.ProfileKeyOf(key));
}

/// <summary>Margins name a cost's measured range beside a boundary found on that cost.</summary>
public class MarginsSpreadTests
{
    [Fact]
    public void A_boundary_on_a_measured_cost_is_given_with_the_profile_s_range()
    {
        var axis = new Margins.MarginAxis("go.mutex.handoff", "go.mutex.handoff", "ns", 100, 4000, 10, 842, "842ns", _ => new());
        var margin = new Margins.Margin("buggy", axis, Margins.Direction.Up, PoolModel.Observe.Verdict.Recovered, false, 842, 1500, 1510,
            PoolModel.Observe.Verdict.Metastable, [], 12, "");
        var flat = PoolModel.Go.ScanCost.Constant(10);
        var spread = new Dictionary<string, (long, long)> { ["starving_handoff"] = (790, 910) };
        var line = Assert.Single(Margins.MarginsOutputs.Lines([margin], new Margins.Calibration(flat, flat, flat, spread)));
        Assert.Contains("up to go.mutex.handoff = 1500ns", line);
        Assert.Contains("the profile measured starving_handoff at 790ns-910ns over its repeats", line);
        var without = Assert.Single(Margins.MarginsOutputs.Lines([margin], new Margins.Calibration(flat, flat, flat, new Dictionary<string, (long, long)>())));
        Assert.DoesNotContain("measured", without);
    }
}
