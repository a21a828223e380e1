using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Tests;

/// <summary>semrelease1's window is derived from a profile's measurements (docs/model.md#the-semaphore-queue): one
/// lock and unlock of root.lock, two cache lines from the other processor, and one cold element at the
/// semaphore queue's length.</summary>
public class SemaWindowProfileTests
{
    private const string Profile = """
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
          scan_per_element: { 1000: 10ns, 50000: 12ns }
        """;

    [Theory]
    [InlineData("  scan_per_element_cold: { 1000: 20ns, 50000: 100ns }\n", 1_000, 85)]    // 5 + 2 x 30 + 20
    [InlineData("  scan_per_element_cold: { 1000: 20ns, 50000: 100ns }\n", 50_000, 165)]  // 5 + 2 x 30 + 100
    [InlineData("", 50_000, 77)]                                                         // no cold table: 5 + 60 + 12 (warm)
    public void The_window_is_a_root_lock_two_line_transfers_and_one_cold_element(string cold, int queued, double expected)
    {
        var dir = Directory.CreateTempSubdirectory("stallsim-profile-");
        try
        {
            var path = Path.Combine(dir.FullName, "p.yaml");
            File.WriteAllText(path, Profile + "\n" + cold);
            var scenario = ScenarioBinder.Bind(YamlTree.Parse("s.yaml", $"name: s\ngo: {{ costs: {path} }}\n"));
            Assert.Equal(expected, scenario.Runtime.SemaWindow.PerElement(queued), 3);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
