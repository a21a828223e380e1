using System.Globalization;
using StallSim.Engine;

namespace StallSim.Simulator.Scenarios;

/// <summary>The scalar forms a scenario key can take, each with how it is read and how its default is written.</summary>
internal static class Parsers
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static readonly Parser<long> Duration = new(
        "a duration with a unit (e.g. 250ns, 40us, 1.5ms, 30s)",
        (s, k, d) => s.Duration(k, d),
        Units.FormatDuration
    );

    public static readonly Parser<double> Rate = new("a rate with a unit (e.g. 700/s)", (s, k, d) => s.Rate(k, d), Units.FormatRate);

    public static readonly Parser<int> Int = new("a whole number", (s, k, d) => s.Int(k, d), v => v.ToString(Inv));

    public static readonly Parser<double> Number = new("a number", (s, k, d) => s.Number(k, d), v => v.ToString("0.###", Inv));

    public static readonly Parser<bool> Bool = new("true or false", (s, k, d) => s.Bool(k, d), v => v ? "true" : "false");

    public static readonly Parser<string> Text = new("text", (s, k, d) => s.Text(k, d), v => v.Length == 0 ? "(empty)" : v);

    public static Parser<T> Choice<T>(IReadOnlyDictionary<string, T> choices)
        where T : notnull =>
        new(
            "one of " + string.Join(", ", choices.Keys),
            (s, k, d) => s.Choice(k, d, choices),
            v => choices.First(c => EqualityComparer<T>.Default.Equals(c.Value, v)).Key
        );
}
