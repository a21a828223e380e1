using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Tests;

/// <summary>The costs calibrate measures since 2026-11-27 (the switch, a context's expiry) and 2026-12-07 (a hop among
/// parked goroutines): a profile sets them, and one measured before them is refused by name, as one without any other
/// measured value is.</summary>
public class ProfileKeysTests
{
    [Fact]
    public void A_profile_sets_the_switch_the_expiry_and_the_cold_switch_it_derives_from_the_hops()
    {
        var runtime = SemaWindowProfileTests.OnProfile(SemaWindowProfileTests.Profile).Runtime;
        Assert.Equal(37, runtime.Scheduler.Switch);
        Assert.Equal(50, runtime.MutexHandoff);   // the profile's starving_handoff, a value of its own
        Assert.Equal(2_400, runtime.ContextExpiry);
        // The hop among 10,000 goroutines less the hop among 100: 850 - 120.
        Assert.Equal(730, runtime.Scheduler.ColdSwitch!.PerElement(10_000), 3);
        Assert.Equal(0, runtime.Scheduler.ColdSwitch!.PerElement(100), 3);
    }

    [Theory]
    [InlineData("  switch: 37ns\n", "switch")]
    [InlineData("  ctx_expire: 2400ns\n", "ctx_expire")]
    [InlineData("  resume_hop: { 100: 120ns, 10000: 850ns }\n", "resume_hop")]
    public void A_profile_measured_before_a_cost_is_refused_by_its_name(string line, string key)
    {
        var e = Assert.Throws<InputException>(() => SemaWindowProfileTests.OnProfile(SemaWindowProfileTests.Profile.Replace(line, "")));
        Assert.Contains(key, e.Message);
        Assert.Contains("stallsim calibrate", e.Message);
    }
}
