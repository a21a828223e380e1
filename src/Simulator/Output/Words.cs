using System.Globalization;

namespace StallSim.Simulator.Output;

/// <summary>Numbers in sentences: "1 seed", "2 seeds".</summary>
public static class Words
{
    public static string Count(long n, string singular, string? plural = null) =>
        $"{n.ToString("N0", CultureInfo.InvariantCulture)} {(n == 1 ? singular : plural ?? singular + "s")}";
}
