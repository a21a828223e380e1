using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Tests;

/// <summary>The key table's order does not matter: dependencies between keys are declared (ScenarioKey.After), and
/// binding with the table reversed gives the same scenario, value for value, for every shipped scenario and for one
/// that sets the keys that depend on others. An undeclared dependency (a single cost read before the profile that
/// replaces it, a stage factor before workload.rate, a trigger before the horizon) fails here.</summary>
public class KeyOrderTests
{
    private const string Dependent = """
        name: dependent
        horizon: 40s
        go:
          costs: { profile: calibrated, list_push: 9ns, scan_per_element: cold }
          mutex: { handoff: 3us }
          wake: 2us
          procs: 4
          scheduler: { switch: 70ns, wakeup: 30us }
        workload:
          rate: 300/s
          trigger: { kind: load-spike, start: 10s, duration: 5s, factor: 3 }
          restart_at: 30s
          stages:
            - { for: 10s, factor: 2 }
            - { for: 10s, rate: 100/s, ramp: linear }
        sample_every: 200ms
        """;

    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string> { "(dependent)" };
        foreach (var name in ShippedScenarios.Names)
            if (!ShippedScenarios.Load(name).Root.Children.ContainsKey(new YamlDotNet.RepresentationModel.YamlScalarNode("axes")))
                data.Add(name); // a sweep's file is not a scenario
        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Binding_with_the_table_reversed_gives_the_same_scenario(string name)
    {
        YamlTree Tree() => name == "(dependent)" ? YamlTree.Parse("dependent.yaml", Dependent, null) : ShippedScenarios.Load(name);
        var inOrder = ScenarioBinder.Bind(Tree(), ScenarioBinder.BindOrder(ScenarioKeys.All));
        var reversed = ScenarioBinder.Bind(Tree(), ScenarioBinder.BindOrder([.. ScenarioKeys.All.Reverse()]));
        Assert.Equal(Dump(inOrder), Dump(reversed));
    }

    [Fact]
    public void A_stage_factor_read_before_the_rate_would_differ()
    {
        // The dump sees a difference where one exists: the same file with another rate binds to another scenario.
        var a = ScenarioBinder.Bind(YamlTree.Parse("a.yaml", Dependent, null));
        var b = ScenarioBinder.Bind(YamlTree.Parse("b.yaml", Dependent.Replace("rate: 300/s", "rate: 301/s"), null));
        Assert.NotEqual(Dump(a with { Name = "x" }), Dump(b with { Name = "x" }));
    }

    /// <summary>Every public value reachable from <paramref name="o"/>, as text: properties, list items, tuple fields.</summary>
    private static string Dump(object? o)
    {
        var text = new StringBuilder();
        Write(o, "", text, 0);
        return text.ToString();
    }

    private static void Write(object? o, string path, StringBuilder text, int depth)
    {
        if (depth > 12)
            return;
        switch (o)
        {
            case null:
                text.Append(path).Append("=null\n");
                return;
            case string or bool or Enum or IFormattable:
                if (o.GetType().IsPrimitive || o is string or Enum or decimal)
                {
                    text.Append(path).Append('=').Append(Convert.ToString(o, CultureInfo.InvariantCulture)).Append('\n');
                    return;
                }
                break;
        }
        if (o is IEnumerable items and not string)
        {
            var i = 0;
            foreach (var item in items)
                Write(item, $"{path}[{i++}]", text, depth + 1);
            return;
        }
        var type = o.GetType();
        text.Append(path).Append(':').Append(type.Name).Append('\n');
        foreach (var f in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
            Write(f.GetValue(o), $"{path}.{f.Name}", text, depth + 1);
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            if (p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
                Write(p.GetValue(o), $"{path}.{p.Name}", text, depth + 1);
    }
}
