using System.Text;
using StallSim.PoolModel;
using StallSim.PoolModel.Observe;
using StallSim.Simulator.Output;
using StallSim.Simulator.Scenarios;
using YamlDotNet.RepresentationModel;

namespace StallSim.Simulator.Cli;

/// <summary>
/// The cost that decides a verdict has no silent default: a scenario that names no walk table
/// (go.costs.scan_per_element) runs on the profile's warm walk, and is also run on its cold walk, so that the
/// report gives the verdict on both and says which one its plots show.
/// </summary>
public static class BothWalks
{
    public static bool Named(YamlTree tree) =>
        tree.Root.Children.TryGetValue(new YamlScalarNode("go"), out var go)
        && go is YamlMappingNode g
        && g.Children.TryGetValue(new YamlScalarNode("costs"), out var costs)
        && costs is YamlMappingNode c
        && c.Children.ContainsKey(new YamlScalarNode("scan_per_element"));

    /// <summary>The scenario on the profile's cold walk (its profile kept, whether named by a scalar or a mapping).</summary>
    public static Scenario Cold(YamlTree tree)
    {
        var copy = tree.Clone();
        var origin = "the cold walk, beside the default warm one";
        if (
            copy.Root.Children.TryGetValue(new YamlScalarNode("go"), out var go)
            && go is YamlMappingNode g
            && g.Children.TryGetValue(new YamlScalarNode("costs"), out var costs)
            && costs is YamlScalarNode profile
        )
            copy.Set("go.costs", $"{{profile: {profile.Value}, scan_per_element: cold}}", origin);
        else
            copy.Set("go.costs.scan_per_element", "cold", origin);
        return ScenarioBinder.Bind(copy);
    }

    public static void AppendSection(StringBuilder md, IReadOnlyList<RunResult> warm, IReadOnlyList<RunResult> cold)
    {
        md.AppendLine("## On both calibrated walks").AppendLine();
        md.AppendLine(
                "The scenario names no walk table (`go.costs.scan_per_element`), and the verdict may turn on it, so it ran on both of "
                    + "the profile's: warm (the list hot in cache; the default, which the plots and the tables above show) and cold "
                    + "(each node out of the caches, as in a large, busy heap)."
            )
            .AppendLine();
        md.AppendLine("| variant | seed | warm (shown) | cold |");
        md.AppendLine("|---|---|---|---|");
        foreach (var (w, c) in warm.Zip(cold))
            md.AppendLine($"| {w.Summary.Variant} | {w.Summary.Seed} | {Verdict(w.Summary)} | {Verdict(c.Summary)} |");
        md.AppendLine();
    }

    public static string Verdict(RunSummary s) => CsvFiles.VerdictName(s.Verdict) + (s.RecoveryS is { } r ? $" {r:0.#} s" : "");
}
