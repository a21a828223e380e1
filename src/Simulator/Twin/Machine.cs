namespace StallSim.Simulator.Twin;

/// <summary>
/// The machine a twin runs on, by its CPU's model name (Linux's /proc/cpuinfo, as calibrate records it in a profile's
/// <c>measured.cpu</c>). A costs profile belongs to the machine it was measured on: the twin measures this machine, so
/// the simulator's side of a comparison must charge this machine's costs.
/// </summary>
public static class Machine
{
    /// <summary>This machine's CPU model name, or null where /proc/cpuinfo does not say.</summary>
    public static string? Cpu() => CpuOf("/proc/cpuinfo");

    internal static string? CpuOf(string cpuinfo)
    {
        if (!File.Exists(cpuinfo))
            return null;
        foreach (var line in File.ReadLines(cpuinfo).Take(10_000))
            if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':') is var i and >= 0)
                return line[(i + 1)..].Trim();
        return null;
    }

    /// <summary>Why the profile cannot stand for the twin's machine's costs, or null when it can: its recorded CPU is
    /// that machine's, or that machine's CPU is unknown (kept runs from before run.txt recorded it; no /proc/cpuinfo),
    /// which the twin's report says.</summary>
    public static string? Mismatch(string profileCpu, string? thisCpu, string profile) =>
        thisCpu is null || profileCpu == thisCpu
            ? null
            : $"the costs profile ({profile}) was measured on {Named(profileCpu)}, and this machine is {thisCpu}";

    /// <summary>A recorded CPU, or what to call one a profile does not name.</summary>
    public static string Named(string cpu) => cpu.Length > 0 ? cpu : "an unnamed CPU";
}
