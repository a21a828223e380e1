using StallSim.PoolModel.Server;
using StallSim.Engine;
using StallSim.PoolModel;
using StallSim.PoolModel.Go;
using StallSim.PoolModel.Observe;
using StallSim.PoolModel.Waitlist;
using StallSim.Simulator.Scenarios;
using StallSim.Simulator.Twin;

namespace StallSim.Simulator.Tests;

/// <summary>How <c>stallsim twin</c> puts the twin's census beside the simulator's at the same depth into the stall
/// (docs/twin.md#the-census-at-the-same-depth), and what it says about the walk's cost.</summary>
public class TwinMatchTests
{
    /// <summary>A simulator census at <paramref name="t"/> s with <paramref name="joining"/> goroutines at :55,
    /// <paramref name="removing"/> at :89 (both inside wl.mu.Lock) and <paramref name="parked"/> at :60.</summary>
    private static CensusSnapshot At(double t, int joining, int removing, int parked) =>
        new(t, [(BlockingSites.JoinLock, joining), (BlockingSites.SelfRemovalLock, removing), (BlockingSites.ParkedInSelect, parked)],
            joining + removing + parked, parked + removing, MutexStarving: false, AtPeak: false);

    [Fact]
    public void The_depth_counts_only_the_sites_inside_wl_mu_Lock()
    {
        Assert.Equal(5_000 + 4_000, DepthMatch.Depth(At(49, 5_000, 4_000, 20_000).Sites));
    }

    [Fact]
    public void The_match_is_the_census_as_deep_as_the_twins_not_the_one_at_the_same_instant()
    {
        // The simulator's convoy deepens faster: the twin's 10,660 at 49 s is where the simulator was at 48 s.
        var sim = new[] { At(47, 2_000, 1_800, 24_000), At(48, 6_000, 4_800, 20_500), At(49, 8_100, 7_000, 18_900) };
        var match = DepthMatch.Match(49, 10_660, goroutines: 32_000, sim);
        Assert.Equal(48, match!.TimeS);
    }

    [Fact]
    public void Depths_within_a_hundredth_of_the_goroutines_are_equal_and_the_nearest_instant_wins()
    {
        // Before a convoy forms, depth 5 at 42 s and depth 218 at 45 s are the same depth for shares read to a point
        // of 22,900 goroutines (a grain of 229): the twin's 45 s is matched with the simulator's 45 s.
        var sim = new[] { At(42, 4, 1, 18_800), At(45, 124, 94, 22_300) };
        Assert.Equal(45, DepthMatch.Match(45, 5, goroutines: 22_900, sim)!.TimeS);
        // A hundredth of 2,290 goroutines is 22: now 5 and 218 differ, and 42 s is the match.
        Assert.Equal(42, DepthMatch.Match(45, 5, goroutines: 2_290, sim)!.TimeS);
    }

    [Fact]
    public void No_match_is_looked_for_further_than_ten_seconds_away()
    {
        var sim = new[] { At(38.9, 6_000, 4_660, 20_000), At(49, 100, 100, 30_000) };
        Assert.Equal(49, DepthMatch.Match(49, 10_660, goroutines: 32_000, sim)!.TimeS);
        Assert.Null(DepthMatch.Match(49, 10_660, goroutines: 32_000, [At(38.9, 6_000, 4_660, 20_000)]));
    }

    [Fact]
    public void The_simulator_counts_every_tenth_of_a_second_within_ten_seconds_of_each_census_inside_the_run()
    {
        var scenario = new Scenario { Horizon = 65 * Units.Second, CensusAt = [40 * Units.Second, 60 * Units.Second] };
        var instants = DepthMatch.Instants(scenario);
        // 30.0 s to 65.0 s (60 + 10 s is past the horizon) in steps of 0.1 s: 351 instants, each once.
        Assert.Equal(351, instants.Count);
        Assert.Equal(30 * Units.Second, instants[0]);
        Assert.Equal(65 * Units.Second, instants[^1]);
        Assert.Equal(instants.Count, instants.Distinct().Count());
    }

    [Fact]
    public void Counting_goroutines_at_more_instants_leaves_the_run_as_it_was()
    {
        // The comparison relies on it: the simulator run with the extra census instants is the run compared.
        var scenario = ScenarioBinder.Bind(ShippedScenarios.Load("seed-stall-twin")) with
        {
            Variants = ["buggy"], Horizon = 60 * Units.Second, CensusAt = [45 * Units.Second],
        };
        var plain = Assert.Single(Runner.RunAll(scenario, 1));
        var dense = Assert.Single(Runner.RunAll(scenario with { CensusAt = DepthMatch.Instants(scenario) }, 1));
        Assert.Equal(201, dense.Census.Count);   // 35.0 s to 55.0 s
        Assert.Equal(plain.Samples, dense.Samples);
    }

    [Fact]
    public void The_walks_cost_is_the_twins_nanoseconds_per_element_beside_the_profiles_charge_at_each_intervals_length()
    {
        var scenario = new Scenario
        {
            Horizon = 10 * Units.Second,
            Costs = new CodeCosts { ScanPerElement = new ScanCost([(20_000, 65), (50_000, 132)]) },
        };
        var twin = new TwinRun("buggy", 1, [], [])
        {
            Walks = [new WalkCost.Probe(1, 20_000, 1_000, 50_000), new WalkCost.Probe(2, 50_000, 3_000, 300_000), new WalkCost.Probe(3, 30_000, 0, 0)],
        };
        var row = Assert.Single(WalkCost.Compare(scenario, [twin]));
        Assert.Equal(4_000 / 10.0, row.ElementsPerS);
        Assert.Equal(350_000 / 4_000.0, row.TwinNanos);
        // (1,000 x 65 + 3,000 x 132) / 4,000
        Assert.Equal(115.25, row.ProfileNanos, 9);
    }

    /// <summary>--twin-walk charges the walk the twin paid: its probe's intervals grouped by list length (to the nearest
    /// power of two), each group's nanoseconds over its elements at its element-weighted length, over every run; a
    /// length walked too little to be a measurement is left out.</summary>
    [Fact]
    public void The_twins_own_walk_is_a_table_by_length_of_what_its_probe_measured_over_every_run()
    {
        TwinRun Run(ulong seed, params WalkCost.Probe[] walks) => new("buggy", seed, [], []) { Walks = walks };
        var runs = new[]
        {
            // Lengths 1,000 and 1,100 fall in one group (2^10); 16,000 in another (2^14); 200 walked too little.
            Run(1, new WalkCost.Probe(1, 1_000, 60_000, 600_000), new WalkCost.Probe(2, 16_000, 100_000, 2_000_000)),
            Run(2, new WalkCost.Probe(1, 1_100, 60_000, 1_200_000), new WalkCost.Probe(2, 200, 99_999, 100_000)),
        };
        var table = WalkCost.InSitu(runs)!;
        // (600,000 + 1,200,000) / 120,000 = 15 ns at (60,000 x 1,000 + 60,000 x 1,100) / 120,000 = 1,050; 20 ns at 16,000.
        Assert.Equal([(1_050, 15.0), (16_000, 20.0)], table.Points);
        Assert.Null(WalkCost.InSitu([Run(1, new WalkCost.Probe(1, 200, 99_999, 100_000))]));
    }
}
