using System.Globalization;
using StallSim.PoolModel;
using StallSim.PoolModel.Observe;
using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Cli;

/// <summary>A scenario as the user asked for it: the file (or shipped name), then --set, --seed and --variant
/// applied to its tree, then bound and validated. Also reads --expect and --jobs.</summary>
public sealed record ScenarioInput(YamlTree Tree, Scenario Scenario)
{
    public static ScenarioInput From(string? fileOrName, RunFlags flags)
    {
        var tree = ShippedScenarios.Resolve(fileOrName ?? ShippedScenarios.Default);
        if (Sweeps.SweepFile.IsSweep(tree))
            throw new InputException($"{tree.Source}: a sweep (it has 'axes:'); run it with 'stallsim sweep'");
        ApplyOverrides(tree, flags);
        return new ScenarioInput(tree, ScenarioBinder.Bind(tree));
    }

    public static void ApplyOverrides(YamlTree tree, RunFlags flags)
    {
        ApplySets(tree, flags.Sets);
        ApplySeedAndVariants(tree, flags);
    }

    /// <summary>--set KEY.PATH=VALUE, applied to the tree before it is bound.</summary>
    public static void ApplySets(YamlTree tree, IEnumerable<string> sets)
    {
        foreach (var set in sets)
        {
            var eq = set.IndexOf('=');
            if (eq <= 0)
                throw new InputException($"--set {set}: expected KEY.PATH=VALUE, e.g. --set workload.rate=900/s");
            tree.Set(set[..eq].Trim(), set[(eq + 1)..].Trim(), $"--set {set}");
        }
    }

    /// <summary>Most seeds --seeds runs: replications beyond this add little to an interval and much to the work.</summary>
    public const int MaxSeedCount = 1000;

    private static void ApplySeedAndVariants(YamlTree tree, RunFlags flags)
    {
        if (flags.SeedCount is { } n)
        {
            if (flags.Seed is not null)
                throw new InputException($"--seeds {n} and --seed {flags.Seed}: give one of them");
            if (n is < 1 or > MaxSeedCount)
                throw new InputException($"--seeds {n}: expected a whole number from 1 to {MaxSeedCount}");
            tree.Set("seeds", "[" + string.Join(", ", Enumerable.Range(1, n)) + "]", $"--seeds {n}");
        }
        if (flags.Seed is { } seed)
        {
            if (!ulong.TryParse(seed, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                throw new InputException($"--seed {seed}: expected a whole number >= 0");
            tree.Set("seeds", $"[{seed}]", $"--seed {seed}");
        }
        var variants = flags.Variants.ToList();
        if (variants.Count > 0)
            tree.Set("variants", "[" + string.Join(", ", variants) + "]", "--variant " + string.Join(" --variant ", variants));
    }

    /// <summary>--jobs: runs in parallel, the core count by default.</summary>
    public static int Jobs(int? jobs) =>
        jobs switch
        {
            null => Environment.ProcessorCount,
            >= 1 and <= 1024 => jobs.Value,
            _ => throw new InputException($"--jobs {jobs}: expected a whole number from 1 to 1024"),
        };

    /// <summary>VARIANT=VERDICT[,VERDICT...] assertions (--expect, --never, --somewhere) about the variants that
    /// run; several verdicts mean any of them.</summary>
    public static List<(string Variant, IReadOnlySet<Verdict> Verdicts)> VerdictAssertions(
        string flag,
        IEnumerable<string> items,
        IReadOnlyList<string> variants
    )
    {
        var result = new List<(string, IReadOnlySet<Verdict>)>();
        foreach (var item in items)
        {
            var parts = item.Split('=');
            var verdicts = new HashSet<Verdict>();
            if (
                parts.Length != 2
                || parts[1].Split(',').Any(v => !Output.CsvFiles.TryParseVerdict(v.Trim(), out var one) || !verdicts.Add(one))
            )
                throw new InputException(
                    $"{flag} {item}: expected VARIANT=VERDICT (or VERDICT,VERDICT for any of them) with each VERDICT once, one of "
                        + $"{string.Join(", ", Output.CsvFiles.AllVerdictNames)}"
                );
            var variant = parts[0].Trim();
            if (!variants.Contains(variant))
                throw new InputException($"{flag} {item}: variant '{variant}' is not run here (this runs {string.Join(", ", variants)})");
            result.Add((variant, verdicts));
        }
        return result;
    }

    /// <summary>The verdicts of an assertion as a user writes them: "stable or recovered".</summary>
    public static string Said(IReadOnlySet<Verdict> verdicts) => string.Join(" or ", verdicts.Order().Select(Output.CsvFiles.VerdictName));
}
