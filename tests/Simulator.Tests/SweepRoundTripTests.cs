using StallSim.Simulator.Scenarios;
using StallSim.Simulator.Sweeps;

namespace StallSim.Simulator.Tests;

/// <summary>What a sweep writes beside its results reads back as the same sweep: values that YAML would
/// split or cut (a comma, a '#') stay whole, and a base's relative files resolve from the base's directory.</summary>
[Collection("cli")]
public class SweepRoundTripTests
{
    [Fact]
    public void A_sweep_yaml_with_commas_hashes_and_a_relative_replay_merges_as_it_ran()
    {
        var dir = CliHarness.TempDir();
        var sub = Path.Combine(dir, "with space");
        Directory.CreateDirectory(sub);
        File.WriteAllText(Path.Combine(sub, "base.yaml"), "name: b\nhorizon: 30s\nseeds: [1]\nvariants: [buggy]\nworkload: { rate: 20/s, replay: rates.csv }\n");
        File.WriteAllText(Path.Combine(sub, "rates.csv"), "t_s,rate_per_s\n0,20\n10,30\n");
        File.WriteAllText(Path.Combine(sub, "sweep.yaml"), "name: rt\nbase: base.yaml\naxes:\n  description: [\"a, b\", \"c # d\"]\n");
        var shard = Path.Combine(dir, "out");
        var ran = CliHarness.Run("sweep", Path.Combine(sub, "sweep.yaml"), "--out", shard, "--quiet");
        Assert.True(ran.Code == 0, ran.Err);

        var written = YamlTree.Load(Path.Combine(shard, "sweep.yaml"));
        var again = SweepFile.Bind(written);
        Assert.Equal(["a, b", "c # d"], again.Points().Select(p => again.ScenarioAt(p).Description));
        Assert.Equal(2, again.ScenarioAt(again.Points()[0]).Workload.Replay.Count);   // rates.csv found from the base's directory

        var merged = Path.Combine(dir, "merged");
        var merge = CliHarness.Run("merge", shard, "--out", merged, "--quiet");
        Assert.True(merge.Code == 0, merge.Err);
    }

    [Fact]
    public void A_scenario_in_a_directory_with_a_space_finds_its_replay_beside_it()
    {
        var dir = Path.Combine(CliHarness.TempDir(), "my pools");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "rates.csv"), "t_s,rate_per_s\n0,20\n10,30\n");
        var scenario = Path.Combine(dir, "pool.yaml");
        File.WriteAllText(scenario, "name: p\nhorizon: 30s\nseeds: [1]\nvariants: [buggy]\nworkload: { rate: 20/s, replay: rates.csv }\n");
        var outcome = CliHarness.Run("run", scenario, "--out", Path.Combine(dir, "out"), "--quiet");
        Assert.True(outcome.Code == 0, outcome.Err);
    }
}
