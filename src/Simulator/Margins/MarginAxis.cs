using System.Globalization;
using StallSim.Engine;
using StallSim.PoolModel;
using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Margins;

/// <summary>Which way an axis is searched from the scenario's value.</summary>
public enum Direction
{
    Down,
    Up,
}

/// <summary>
/// One axis along which margins looks for the nearest change of verdict: a number in the axis's own unit
/// (a factor, seconds, nanoseconds, or what --axis gave), the range it may search, the resolution it bisects
/// to, and how to build the scenario at a value. <see cref="Directions"/> null: both ways.
/// </summary>
public sealed record MarginAxis(
    string Name,
    string Key,
    string Unit,
    double From,
    double To,
    double Resolution,
    double? ScenarioValue,
    string ScenarioText,
    Func<double, Scenario> At
)
{
    /// <summary>The default axes' stress grows upwards (more load, a longer episode, a dearer walk): a stalled
    /// point is searched downwards, a point that is not stalled upwards. A user's axis is searched both ways.</summary>
    public bool StressUpwards { get; init; }

    /// <summary>The scenario's value is not a point on the axis (a walk table): the search starts from the
    /// table's cost at the length the list reached.</summary>
    public bool StartsFromTable { get; init; }

    /// <summary>Probes are taken on a grid of half the resolution, so that a value is written exactly.</summary>
    public double Quantum => Resolution / 2;

    public double Snap(double x) => Math.Clamp(Math.Round(x / Quantum) * Quantum, From, To);

    public string Format(double x) =>
        Unit switch
        {
            "x" => x.ToString("0.###", CultureInfo.InvariantCulture) + "x",
            _ => x.ToString("0.###", CultureInfo.InvariantCulture) + Unit,
        };

    public static string Number(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
}

/// <summary>The axes margins searches by default, and those a user adds with --axis KEY=FROM..TO.</summary>
public static class MarginAxes
{
    public const string LoadName = "load";
    public const string WalkKey = "go.costs.scan_per_element";

    /// <summary>One factor on every rate of the workload: its rate, its stages and a replayed rate.</summary>
    public static MarginAxis Load(Scenario s, double resolution) =>
        new(LoadName, "workload.rate (every rate)", "x", 0.25, 4, resolution, 1, "1x", f => ScaleLoad(s, f)) { StressUpwards = true };

    public static Scenario ScaleLoad(Scenario s, double f)
    {
        var w = s.Workload;
        return s with
        {
            Workload = w with
            {
                Rate = w.Rate * f,
                Stages = [.. w.Stages.Select(st => st with { Rate = st.Rate * f })],
                Replay = [.. w.Replay.Select(r => (r.At, r.Rate * f))],
            },
        };
    }

    /// <summary>The duration of each trigger that is trouble (a restart has none), in seconds, from the
    /// resolution up to four times its own or the time to the horizon halved, whichever is shorter (a verdict
    /// needs the run to go on after the trouble).</summary>
    public static IEnumerable<MarginAxis> TriggerDurations(Scenario s, Func<string, string, double> resolutionS)
    {
        var triggers = s.Workload.Triggers;
        var trouble = Enumerable.Range(0, triggers.Count).Where(i => triggers[i].IsTrouble).ToList();
        foreach (var i in trouble)
        {
            var t = triggers[i];
            var d = Units.ToSeconds(t.Duration);
            var to = Math.Max(d, Math.Min(4 * d, Units.ToSeconds(s.Horizon - t.Start) / 2));
            var key = trouble.Count == 1 && triggers.Count == 1 ? "workload.trigger.duration" : $"workload.triggers[{i}].duration";
            var name = trouble.Count == 1 ? "episode" : $"episode {i + 1}";
            var res = resolutionS(name, key);
            yield return new MarginAxis(name, key, "s", res, to, res, d, Units.FormatDuration(t.Duration), x =>
                s with
                {
                    Workload = s.Workload with
                    {
                        Triggers = [.. triggers.Select((tr, j) => j == i ? tr with { Duration = Units.FromSeconds(x) } : tr)],
                    },
                }
            )
            {
                StressUpwards = true,
            };
        }
    }

    /// <summary>The walk's cost per element as a constant, 1 to 300 ns. A scenario whose walk is a table has no
    /// point on this axis; the search starts from the table's cost at the length its list reached
    /// (<paramref name="lengthReached"/>).</summary>
    public static MarginAxis Walk(YamlTree tree, Scenario s, double resolutionNs, int lengthReached)
    {
        var points = s.Costs.ScanPerElement.Points;
        var constant = points.Count == 1 ? points[0].Nanos : (double?)null;
        var text = constant is { } c
            ? $"{MarginAxis.Number(c)}ns"
            : $"the scenario's table ({MarginAxis.Number(points.Min(p => p.Nanos))}-{MarginAxis.Number(points.Max(p => p.Nanos))} ns) "
                + $"at the {lengthReached.ToString("N0", CultureInfo.InvariantCulture)} waiters its list reached";
        var start = constant ?? Math.Round(s.Costs.ScanPerElement.PerElement(Math.Max(1, lengthReached)));
        return new MarginAxis("walk", WalkKey, "ns", 1, 300, resolutionNs, start, text, x =>
            Bind(tree, WalkKey, $"{MarginAxis.Number(x)}ns")
        )
        {
            StressUpwards = true,
            StartsFromTable = constant is null,
        };
    }

    /// <summary>--axis KEY=FROM..TO: a numeric scenario key, both ends in one unit (a duration's, /s, or none).</summary>
    public static MarginAxis Parse(string spec, YamlTree tree, Scenario s, IReadOnlyDictionary<string, double> resolutions)
    {
        var eq = spec.IndexOf('=');
        var dots = spec.IndexOf("..", StringComparison.Ordinal);
        if (eq <= 0 || dots < eq)
            throw new InputException(
                $"--axis {spec}: expected KEY=FROM..TO, e.g. --axis pool.capacity=200..800 or --axis workload.rate=1000/s..3000/s"
            );
        var key = spec[..eq].Trim();
        var k = ScenarioKeys.All.FirstOrDefault(x => x.Path == key)
            ?? throw new InputException($"--axis {spec}: '{key}' is not a scenario key (stallsim keys lists them)");
        if (k.Show is null)
            throw new InputException($"--axis {spec}: '{key}' is not a number, a duration or a rate");
        var (from, fromUnit) = Split(spec, spec[(eq + 1)..dots]);
        var (to, toUnit) = Split(spec, spec[(dots + 2)..]);
        if (fromUnit != toUnit)
            throw new InputException($"--axis {spec}: FROM and TO in one unit, got '{fromUnit}' and '{toUnit}'");
        if (!(to > from))
            throw new InputException($"--axis {spec}: expected FROM below TO");
        var unit = fromUnit;
        var shown = k.Show(s);
        var value = InUnit(shown, unit)
            ?? throw new InputException(
                $"--axis {spec}: '{key}' is '{shown}' here, not a number in '{(unit.Length == 0 ? "no unit" : unit)}'"
            );
        var resolution = resolutions.TryGetValue(key, out var r) ? r : (to - from) / 64;
        var axis = new MarginAxis(key, key, unit, from, to, resolution, value, shown, x => Bind(tree, key, MarginAxis.Number(x) + unit));
        // The key's own check: a probe outside what the key accepts is refused now, not halfway through.
        foreach (var x in new[] { from, to })
            _ = axis.At(x);
        return axis;
    }

    private static readonly string[] DurationSuffixes = ["ns", "us", "µs", "ms", "s", "m", "h"];

    private static (double Value, string Unit) Split(string spec, string text)
    {
        var t = text.Trim();
        var i = 0;
        while (i < t.Length && (char.IsAsciiDigit(t[i]) || t[i] is '.' or '-' or '+'))
            i++;
        var unit = t[i..].Trim();
        if (
            i == 0
            || !double.TryParse(t[..i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            || !double.IsFinite(v)
            || (unit.Length > 0 && unit != "/s" && !DurationSuffixes.Contains(unit))
        )
            throw new InputException($"--axis {spec}: '{t}' is not a number with a unit (none, a duration's such as ms or s, or /s)");
        return (v, unit);
    }

    /// <summary>A key's shown value in the axis's unit; null when it is not a number in it.</summary>
    private static double? InUnit(string shown, string unit)
    {
        var inv = CultureInfo.InvariantCulture;
        try
        {
            if (unit.Length == 0)
                return double.TryParse(shown, NumberStyles.Float, inv, out var n) ? n : null;
            if (unit == "/s")
                return Units.ParseRate(shown);
            return Units.ParseDuration(shown) / (double)Units.ParseDuration("1" + (unit == "µs" ? "us" : unit));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The scenario with one key of its tree set: the binder checks the value as it checks a file's.</summary>
    public static Scenario Bind(YamlTree tree, string key, string value)
    {
        var copy = tree.Clone();
        copy.Set(key, value, $"--axis {key}={value}");
        return ScenarioBinder.Bind(copy);
    }
}
