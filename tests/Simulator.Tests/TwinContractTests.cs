using StallSim.Simulator.Scenarios;
using StallSim.Simulator.Twin;

namespace StallSim.Simulator.Tests;

/// <summary>
/// The scenario.json contract with the twin: these fixtures are what stallsim writes for the twin, and
/// twin/driver/scenario_test.go decodes each (refusing any field the twin does not know) and checks that each field
/// the twin reads is there. This test fails when the fixtures are not what stallsim writes today; with
/// STALLSIM_REFRESH_DOCS=1 it writes them. A field added to either side alone fails one of the two.
/// </summary>
public class TwinContractTests
{
    private const string Everything = """
        name: contract
        horizon: 60s
        pool: { capacity: 20, timeout: 1s }
        custom_variants:
          capped: { base: fixed, max_waiters: 100 }
        variants: [capped]
        workload:
          rate: 100/s
          trigger: { kind: load-spike, start: 20s, duration: 5s, factor: 3 }
          stages:
            - { for: 10s, rate: 50/s, ramp: linear, deadline: 2ms, service: { dist: exponential, mean: 5ms } }
          deadline:
            mix:
              - { weight: 0.5, value: 2s }
              - { weight: 0.5, dist: uniform, min: 100ms, max: 1s }
          service: { dist: exponential, mean: 50ms }
          retries: { max: 2, on: [deadline, pool_timeout], backoff: { initial: 10ms, max: 1s, multiplier: 2, jitter: 0.2 }, budget: { ratio: 0.1, min_per_s: 5 } }
        census_at: [30s]
        """;

    public static TheoryData<string, string, ulong, bool> Fixtures() =>
        new()
        {
            { "seed-stall-twin", "buggy", 1, false },
            { "staged-overload", "fixed", 2, true },
            { "(everything)", "capped", 3, false },
        };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void The_twins_fixture_is_what_stallsim_writes(string scenario, string variant, ulong seed, bool spread)
    {
        var tree = scenario == "(everything)" ? YamlTree.Parse("contract.yaml", Everything, null) : ShippedScenarios.Load(scenario);
        var s = ScenarioBinder.Bind(tree);
        var json = TwinScenario.Json(s, s.ResolveVariant(variant), seed, spread) + "\n";
        var name = scenario.Trim('(', ')');
        var path = Path.Combine(CliHarness.RepositoryRoot, "twin", "driver", "testdata", $"scenario-{name}.json");
        if (Environment.GetEnvironmentVariable("STALLSIM_REFRESH_DOCS") == "1")
            File.WriteAllText(path, json);
        Assert.True(File.Exists(path), $"{path}: missing; run the tests with STALLSIM_REFRESH_DOCS=1");
        Assert.Equal(json, File.ReadAllText(path));
    }
}
