using StallSim.PoolModel;
using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Tests;

/// <summary>The model's defaults are the shipped profile: profiles/calibrated.yaml, read as every scenario reads it,
/// is exactly the record a <c>new Scenario()</c> runs. Recalibrating the file without the record (or the other way)
/// fails here.</summary>
public class ShippedProfileTests
{
    [Fact]
    public void The_shipped_profile_file_is_the_models_default_record()
    {
        var file = CostProfile.Read(CostProfile.Default, null, null);
        Assert.Equal(CostsProfile.Shipped with { Spread = file.Spread }, file);   // a dictionary compares by reference
        Assert.Equal(CostsProfile.Shipped.Spread.OrderBy(r => r.Key), file.Spread.OrderBy(r => r.Key));
    }

    [Fact]
    public void Every_profile_shipped_beside_it_reads_by_its_name()
    {
        var names = typeof(CostProfile).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("profiles/", StringComparison.Ordinal))
            .Select(n => Path.GetFileNameWithoutExtension(n))
            .ToList();
        Assert.Contains("calibrated-2", names);
        foreach (var name in names)
            Assert.StartsWith($"{name}: measured on ", CostProfile.Read(name, null, null).MeasuredOn);
        // The whole calibration measured the walk in a production-shaped heap; the default predates it.
        Assert.NotNull(CostProfile.Read("calibrated-2", null, null).ScanPerElementHeap);
        Assert.Null(CostsProfile.Shipped.ScanPerElementHeap);
    }

    [Fact]
    public void A_new_scenario_runs_the_shipped_costs()
    {
        var s = new Scenario();
        var applied = CostProfile.Apply(new Scenario { Costs = new(), Runtime = new() }, CostProfile.Default, null);
        Assert.Equal(applied.Costs, s.Costs);
        Assert.Equal(applied.Runtime, s.Runtime);
        Assert.Equal(applied.CostsMeasuredOn, s.CostsMeasuredOn);
        Assert.Equal(applied.CostsCpu, s.CostsCpu);
        Assert.Equal(11, s.Costs.ScanPerElement.PerElement(1000)); // the file's warm walk at 1,000, not a guess
    }
}
