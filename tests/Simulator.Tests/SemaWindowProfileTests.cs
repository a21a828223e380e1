using StallSim.PoolModel;
using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Tests;

/// <summary>semrelease1's window is derived from a profile's measurements (docs/model.md#the-semaphore-queue): one
/// lock and unlock of root.lock, two cache lines from the other processor, and one cold element at the
/// semaphore queue's length.</summary>
public class SemaWindowProfileTests
{
    /// <summary>A complete profile, written by hand.</summary>
    internal const string Profile = """
        measured: { date: 2026-11-27, cpu: test, gomaxprocs: 2, go: go1.19.8, command: by hand }
        costs:
          list_push: 7ns
          ctx_check: 5ns
          lock_unlock: 5ns
          line_transfer: 30ns
          chan_send: 200ns
          chan_wake: 100ns
          starving_handoff: 50ns
          netpoll_slack: 90us
          idle_wakeup: 60us
          request: 2us
          switch: 37ns
          ctx_expire: 2400ns
          resume_hop: { 100: 120ns, 10000: 850ns }
          scan_per_element: { 1000: 10ns, 50000: 12ns }
          scan_per_element_cold: { 1000: 20ns, 50000: 100ns }
          scan_per_element_heap: { 1000: 14ns, 50000: 30ns }
        spread:
          list_push: [6ns, 9ns]
          ctx_check: [5ns, 5ns]
          lock_unlock: [5ns, 6ns]
          line_transfer: [30ns, 30ns]
          chan_send: [190ns, 230ns]
          chan_wake: [100ns, 100ns]
          starving_handoff: [50ns, 50ns]
          netpoll_slack: [80us, 95us]
          idle_wakeup: [60us, 60us]
          request: [2us, 2us]
          switch: [37ns, 37ns]
          ctx_expire: [2us, 2600ns]
        """;

    /// <summary>A scenario bound on <paramref name="profile"/>, written to a file of its own.</summary>
    internal static Scenario OnProfile(string profile)
    {
        var dir = Directory.CreateTempSubdirectory("stallsim-profile-");
        try
        {
            var path = Path.Combine(dir.FullName, "p.yaml");
            File.WriteAllText(path, profile);
            return ScenarioBinder.Bind(YamlTree.Parse("s.yaml", $"name: s\ngo: {{ costs: {path} }}\n"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_profile_from_before_line_transfer_was_measured_is_refused_by_name()
    {
        var e = Assert.Throws<InputException>(() => OnProfile(Profile.Replace("  line_transfer: 30ns\n", "")));
        Assert.Contains("line_transfer", e.Message);
        Assert.Contains("stallsim calibrate", e.Message);
    }

    [Fact]
    public void A_profile_from_before_the_cold_walk_was_measured_is_refused_by_name()
    {
        var e = Assert.Throws<InputException>(() => OnProfile(Profile.Replace(ColdLine, "")));
        Assert.Contains("costs.scan_per_element_cold", e.Message);
        Assert.Contains("stallsim calibrate", e.Message);
    }

    private const string ColdLine = "  scan_per_element_cold: { 1000: 20ns, 50000: 100ns }\n";
    private const string HeapLine = "  scan_per_element_heap: { 1000: 14ns, 50000: 30ns }\n";

    [Fact]
    public void A_scenario_names_the_heap_shaped_walk_of_its_profile_and_is_refused_it_on_a_profile_without_one()
    {
        var dir = Directory.CreateTempSubdirectory("stallsim-profile-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "p.yaml"), Profile);
            File.WriteAllText(Path.Combine(dir.FullName, "old.yaml"), Profile.Replace(HeapLine, ""));
            Scenario On(string profile) => ScenarioBinder.Bind(
                YamlTree.Parse(Path.Combine(dir.FullName, "s.yaml"), $"name: s\ngo: {{ costs: {{ profile: {profile}, scan_per_element: heap }} }}\n")
            );
            Assert.Equal(30, On("p.yaml").Costs.ScanPerElement.PerElement(50_000), 3);
            var e = Assert.Throws<InputException>(() => On("old.yaml"));
            Assert.Contains("heap", e.Message);
            Assert.Contains("scan_per_element_heap", e.Message);
            Assert.Contains("run stallsim calibrate again", e.Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(1_000, 85)]    // 5 + 2 x 30 + 20
    [InlineData(50_000, 165)]  // 5 + 2 x 30 + 100
    public void The_window_is_a_root_lock_two_line_transfers_and_one_cold_element(int queued, double expected) =>
        Assert.Equal(expected, OnProfile(Profile).Runtime.SemaWindow.PerElement(queued), 3);
}
