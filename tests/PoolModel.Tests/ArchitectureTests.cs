using ArchUnitNET.Domain;
using ArchUnitNET.Fluent;
using ArchUnitNET.Fluent.Slices;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace StallSim.PoolModel.Tests;

/// <summary>
/// The model's layers depend one way: Engine &lt;- Go &lt;- Conns &lt;- Waitlist &lt;- Pool &lt;- Server, with Workload and
/// Observe above them (Observe above Workload), and the run (Scenario, World: the root namespace) on top. A layer may
/// use any layer below it, never one above; the namespaces of the model hold no cycle.
/// </summary>
public class ArchitectureTests
{
    private static readonly Architecture Model =
        new ArchLoader().LoadAssemblies(typeof(World).Assembly, typeof(Engine.Simulation).Assembly).Build();

    /// <summary>Bottom to top.</summary>
    private static readonly string[] Layers =
    [
        "StallSim.Engine", "StallSim.PoolModel.Go", "StallSim.PoolModel.Conns", "StallSim.PoolModel.Waitlist", "StallSim.PoolModel.Pool",
        "StallSim.PoolModel.Server", "StallSim.PoolModel.Workload", "StallSim.PoolModel.Observe",
    ];

    private static IObjectProvider<IType> In(string ns) => Types().That().ResideInNamespace(ns).As(ns);

    public static TheoryData<string, string> Pairs()
    {
        var data = new TheoryData<string, string>();
        for (var low = 0; low < Layers.Length; low++)
            for (var high = low + 1; high < Layers.Length; high++)
                data.Add(Layers[low], Layers[high]);
        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void A_layer_does_not_use_a_layer_above_it(string lower, string higher) =>
        Types().That().ResideInNamespace(lower).Should().NotDependOnAny(In(higher)).Check(Model);

    [Fact]
    public void No_layer_below_the_run_uses_the_run() =>
        Types().That().ResideInNamespace("StallSim.PoolModel.Go").Or().ResideInNamespace("StallSim.PoolModel.Conns")
            .Or().ResideInNamespace("StallSim.PoolModel.Waitlist").Or().ResideInNamespace("StallSim.PoolModel.Pool")
            .Or().ResideInNamespace("StallSim.PoolModel.Server").Or().ResideInNamespace("StallSim.PoolModel.Workload")
            .Should().NotDependOnAny(Types().That().HaveFullName("StallSim.PoolModel.Scenario").Or().HaveFullName("StallSim.PoolModel.World").As("the run"))
            .Check(Model);

    [Fact]
    public void The_models_namespaces_hold_no_cycle() =>
        SliceRuleDefinition.Slices().Matching("StallSim.PoolModel.(*)").Should().BeFreeOfCycles().Check(Model);
}
