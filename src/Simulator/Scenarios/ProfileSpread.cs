using System.Globalization;
using StallSim.Engine;
using YamlDotNet.RepresentationModel;

namespace StallSim.Simulator.Scenarios;

/// <summary>
/// A costs profile's <c>spread:</c>: for each single-valued cost, the range of calibrate's repeated measurements, of
/// which the cost's value is the median (<c>line_transfer: [40ns, 162ns]</c>). A cost known only within a range is
/// reported with it (margins name the range beside a boundary on that cost).
/// </summary>
public static class ProfileSpread
{
    /// <summary>The ranges, one for each of <paramref name="required"/> that is a single value (the tables have none).</summary>
    internal static IReadOnlyDictionary<string, (long Low, long High)> Read(Section spread, Section costs, IEnumerable<string> required)
    {
        var ranges = new Dictionary<string, (long Low, long High)>();
        foreach (var (k, v) in spread.Mapping.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? "";
            if (costs.Node(key) is not YamlScalarNode)
            {
                var single = costs.Mapping.Children.Where(c => c.Value is YamlScalarNode).Select(c => ((YamlScalarNode)c.Key).Value);
                throw spread.Error(k, key, $"one of the profile's single-valued costs ({string.Join(", ", single)})", key);
            }
            var range = v as YamlSequenceNode;
            var ends = range?.Children.Select(e => Duration((e as YamlScalarNode)?.Value)).ToList();
            if (ends is not [{ } low, { } high] || low > high)
                throw spread.Error(v, key, "[low, high]: two durations, the lower first, e.g. [40ns, 162ns]");
            var value = costs.Duration(key, 0);
            if (value < low || value > high)
                throw spread.Error(
                    v,
                    key,
                    string.Create(CultureInfo.InvariantCulture, $"a range that holds the cost's value ({Units.FormatDuration(value)})")
                );
            ranges[key] = (low, high);
        }
        foreach (var key in required)
            if (costs.Node(key) is YamlScalarNode && !ranges.ContainsKey(key))
                throw spread.Error(null, key, "the cost's range over calibrate's repeats (run stallsim calibrate again)");
        return ranges;
    }

    /// <summary>The profile's key of the cost a scenario key sets, for the keys whose default a profile measures.</summary>
    public static string? ProfileKeyOf(string scenarioKey) => ScenarioKeys.GetValueOrDefault(scenarioKey);

    private static readonly Dictionary<string, string> ScenarioKeys = new()
    {
        ["go.costs.list_push"] = "list_push",
        ["go.costs.ctx_check"] = "ctx_check",
        ["go.costs.chan_send"] = "chan_send",
        ["go.costs.request"] = "request",
        ["go.scheduler.switch"] = "switch",
        ["go.scheduler.wakeup"] = "idle_wakeup",
        ["go.scheduler.poll_slack"] = "netpoll_slack",
        ["go.context_expiry"] = "ctx_expire",
        ["go.mutex.handoff"] = "starving_handoff",
        ["go.wake"] = "chan_wake",
    };

    private static long? Duration(string? text)
    {
        try
        {
            return text is null ? null : Units.ParseDuration(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
