namespace StallSim.Simulator.Tests;

/// <summary>A profile's <c>ctx_expire</c> is what a context's deadline costs the processor that runs its timer
/// (go.context_expiry); a profile measured before calibrate had it charges nothing, as the model did then.</summary>
public class ContextExpiryProfileTests
{
    [Fact]
    public void A_profile_with_ctx_expire_charges_it_and_one_without_charges_nothing()
    {
        var with = SemaWindowProfileTests.OnProfile(SemaWindowProfileTests.Profile.Replace("  request: 2us\n", "  request: 2us\n  ctx_expire: 2400ns\n"));
        Assert.Equal(2_400, with.Runtime.ContextExpiry);
        Assert.Equal(0, SemaWindowProfileTests.OnProfile(SemaWindowProfileTests.Profile).Runtime.ContextExpiry);
    }
}
