namespace StallSim.Simulator.Tests;

/// <summary>The twin runs only the switches its waitlist has: a variant with another is refused before anything runs
/// (codel and adaptive-lifo used to run #20308 under their names), naming the variant and the switch.</summary>
[Collection("cli")]
public class TwinSwitchesTests
{
    [Theory]
    [InlineData("codel", "variant codel: its switch codel")]
    [InlineData("adaptive-lifo", "variant adaptive-lifo: its switch order: adaptive-lifo")]
    public void A_preset_the_twin_lacks_is_refused(string variant, string fragment)
    {
        var outDir = CliHarness.TempDir();
        BadInputTests.AssertRejectedAs(variant, CliHarness.Run("twin", "staged-overload", "--variant", variant, "--out", outDir), outDir,
            "the twin cannot run", fragment);
    }

    [Fact]
    public void A_custom_variant_with_order_lifo_is_refused()
    {
        var outDir = CliHarness.TempDir();
        var file = CliHarness.TempYaml("name: t\nhorizon: 5s\ncustom_variants:\n  mine: { base: buggy, order: lifo }\nvariants: [buggy, mine]\n");
        BadInputTests.AssertRejectedAs("lifo", CliHarness.Run("twin", file, "--out", outDir), outDir, "variant mine: its switch order: lifo");
    }
}
