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

    [Theory]
    [InlineData("  scan_per_element_cold: { 1000: 20ns, 50000: 100ns }\n", 1_000, 85)]    // 5 + 2 x 30 + 20
    [InlineData("  scan_per_element_cold: { 1000: 20ns, 50000: 100ns }\n", 50_000, 165)]  // 5 + 2 x 30 + 100
    [InlineData("", 50_000, 77)]                                                         // no cold table: 5 + 60 + 12 (warm)
    public void The_window_is_a_root_lock_two_line_transfers_and_one_cold_element(string cold, int queued, double expected) =>
        Assert.Equal(expected, OnProfile(Profile + "\n" + cold).Runtime.SemaWindow.PerElement(queued), 3);
}
