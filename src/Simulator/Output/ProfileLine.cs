using StallSim.PoolModel;

namespace StallSim.Simulator.Output;

/// <summary>The sentence every report gives about its Go costs: which profile, and the machine it was measured on.</summary>
public static class ProfileLine
{
    public static string For(IEnumerable<Scenario> scenarios)
    {
        var profiles = scenarios.Select(s => s.CostsMeasuredOn).Where(p => p.Length > 0).Distinct().ToList();
        if (profiles.Count == 0)
            return "";
        return $"Go costs: the profile {string.Join("; the profile ", profiles)}. A profile belongs to the machine it was measured on; "
            + "`stallsim calibrate` measures one on yours (docs/twin.md#calibrating-a-production-host).";
    }
}
