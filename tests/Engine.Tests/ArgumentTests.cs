using StallSim.Engine;

namespace StallSim.Engine.Tests;

public class ArgumentTests
{
    [Theory]
    [InlineData("250ns", 250L)]
    [InlineData("40us", 40_000L)]
    [InlineData("40µs", 40_000L)]
    [InlineData("1.5ms", 1_500_000L)]
    [InlineData("30s", 30_000_000_000L)]
    [InlineData("2m", 120_000_000_000L)]
    [InlineData(" 8s ", 8_000_000_000L)]
    public void Durations_parse_with_units(string text, long nanos) => Assert.Equal(nanos, Units.ParseDuration(text));

    [Theory]
    [InlineData(250L, "250ns")]
    [InlineData(1_500_000L, "1.5ms")]
    [InlineData(30_000_000_000L, "30s")]
    [InlineData(90_000_000_000L, "1.5m")]
    [InlineData(80_000_000_000L, "80s")]
    [InlineData(1_234_567L, "1234.567us")]
    public void Durations_print_with_the_largest_exact_unit(long nanos, string text)
    {
        Assert.Equal(text, Units.FormatDuration(nanos));
        Assert.Equal(nanos, Units.ParseDuration(text));
    }

    [Fact]
    public void Durations_of_one_sentence_print_in_one_unit()
    {
        Assert.Equal(["60s", "80s", "300s"], Units.FormatDurationsAlike(60 * Units.Second, 80 * Units.Second, 300 * Units.Second));
        Assert.Equal(["3.333s", "10s"], Units.FormatDurationsAlike(10 * Units.Second / 3, 10 * Units.Second));
        Assert.Equal(["500ms", "1500ms", "0ms"], Units.FormatDurationsAlike(500 * Units.Millisecond, 1500 * Units.Millisecond, 0));
    }

    [Theory]
    [InlineData("10")]
    [InlineData("10 parsecs")]
    [InlineData("ms")]
    [InlineData("-5ms")]
    [InlineData("1.5ns")]
    [InlineData("5days")]
    public void Bad_durations_are_rejected_with_a_clear_message(string text)
    {
        var error = Assert.Throws<FormatException>(() => Units.ParseDuration(text));
        Assert.Contains(text.Trim(), error.Message);
    }

    [Theory]
    [InlineData("700/s", 700.0)]
    [InlineData("3/ms", 3000.0)]
    [InlineData("60/m", 1.0)]
    public void Rates_parse_per_unit(string text, double perSecond) => Assert.Equal(perSecond, Units.ParseRate(text), 9);

    [Theory]
    [InlineData("700")]
    [InlineData("700/fortnight")]
    [InlineData("x/s")]
    public void Bad_rates_are_rejected(string text) =>
        Assert.Contains("not a rate", Assert.Throws<FormatException>(() => Units.ParseRate(text)).Message);

    [Fact]
    public void A_negative_delay_is_rejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Wait.For(-1));
        Assert.Contains("negative", error.Message);
        var sim = new Simulation();
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Timeout(-5));
    }

    [Fact]
    public void An_event_triggers_only_once()
    {
        var sim = new Simulation();
        var ev = sim.Event();
        ev.Succeed();
        Assert.Throws<InvalidOperationException>(() => ev.Succeed());
    }
}
