namespace StallSim.Simulator.Tests;

/// <summary>Costs calibrate measures since the shipped profile was written: a profile that has them sets them, one
/// measured before them runs as the model did then.</summary>
public class ProfileKeysTests
{
    private static PoolModel.Scenario With(string lines) =>
        SemaWindowProfileTests.OnProfile(SemaWindowProfileTests.Profile.Replace("  request: 2us\n", "  request: 2us\n" + lines));

    [Fact]
    public void A_profile_with_ctx_expire_charges_it_and_one_without_charges_nothing()
    {
        Assert.Equal(2_400, With("  ctx_expire: 2400ns\n").Runtime.ContextExpiry);
        Assert.Equal(0, SemaWindowProfileTests.OnProfile(SemaWindowProfileTests.Profile).Runtime.ContextExpiry);
    }

    [Fact]
    public void A_profile_with_switch_sets_the_switch_and_keeps_the_hand_off_for_runs_without_a_scheduler()
    {
        var measured = With("  switch: 37ns\n").Runtime;
        Assert.Equal(37, measured.Scheduler.Switch);
        Assert.Equal(50, measured.MutexHandoff);   // the profile's starving_handoff
        // Measured before the switch was: the hand-off stands in for it, as it did.
        Assert.Equal(50, SemaWindowProfileTests.OnProfile(SemaWindowProfileTests.Profile).Runtime.Scheduler.Switch);
    }
}
