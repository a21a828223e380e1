using System.Text.RegularExpressions;
using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Tests;

/// <summary>The sub-keys the key table documents inside a structured value (a stage's for, a variant's switches, a
/// budget's ratio...) are exactly the ones its reader accepts: each value below is valid but for one unknown key,
/// and the reader's refusal lists what it knows. A sub-key read but not documented, or documented but not read,
/// fails here.</summary>
public class SubKeyDocsTests
{
    public static TheoryData<string, string> Values() =>
        new()
        {
            { "custom_variants.NAME", "custom_variants:\n  v:\n    base: fixed\n    zz_unknown: 1\n" },
            { "go.costs", "go:\n  costs:\n    profile: calibrated\n    zz_unknown: 1\n" },
            { "workload.retries.backoff", "workload:\n  retries:\n    backoff:\n      initial: 10ms\n      zz_unknown: 1\n" },
            { "workload.retries.budget", "workload:\n  retries:\n    budget:\n      ratio: 0.1\n      zz_unknown: 1\n" },
            { "workload.stages[]", "workload:\n  stages:\n    - { for: 1s, rate: 10/s, zz_unknown: 1 }\n" },
            {
                "workload.triggers[]",
                "horizon: 20s\nworkload:\n  triggers:\n    - { kind: load-spike, start: 1s, duration: 1s, factor: 2, zz_unknown: 1 }\n"
            },
        };

    [Theory]
    [MemberData(nameof(Values))]
    public void A_structured_values_documented_sub_keys_are_the_ones_its_reader_accepts(string parent, string yaml)
    {
        var documented = ScenarioKeys.All.Where(k => k.Path.StartsWith(parent + ".", StringComparison.Ordinal))
            .Select(k => k.Path[(parent.Length + 1)..])
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(documented);
        var e = Assert.Throws<InputException>(() => ScenarioBinder.Bind(YamlTree.Parse("s.yaml", "name: s\n" + yaml, null)));
        Assert.Contains("zz_unknown: unknown key", e.Message);
        var known = Regex.Match(e.Message, @"expected one of: ([^)]*)\)").Groups[1].Value.Split(", ").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(documented, known);
    }
}
