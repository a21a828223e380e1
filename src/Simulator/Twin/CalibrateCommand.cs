using StallSim.Simulator.Cli;
using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Twin;

/// <summary><c>stallsim calibrate</c>: builds the twin and runs its micro-benchmarks, which write a costs profile
/// (docs/model.md#costs). The shipped profiles/calibrated.yaml was written this way.</summary>
public static class CalibrateCommand
{
    public static int Execute(CalibrateOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Out))
            throw new InputException("calibrate --out '': expected the path of the profile to write");
        var target = Path.GetFullPath(options.Out);
        var dir = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(dir))
            throw new InputException($"--out {options.Out}: the directory {dir} does not exist");
        if (Directory.Exists(target))
            throw new InputException($"--out {options.Out}: a directory; expected the path of the profile to write");
        // Checked before the minutes of measuring, not after them.
        try
        {
            var probe = Path.Combine(dir, $".stallsim-probe.{Environment.ProcessId}.tmp");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"--out {options.Out}: cannot write there ({YamlTree.FirstLine(e.Message)})");
        }
        var console = new ConsoleOutput(options.Quiet);
        if (options.Combine.Any())
        {
            var combined = ProfileCombine.Combine([.. options.Combine]);
            WriteBeside(target, dir, beside => File.WriteAllText(beside, combined));
            console.Line($"wrote {options.Out}: the median of {options.Combine.Count()} calibrations");
            return 0;
        }
        Scratch.CheckTemp();
        var go = GoToolchain.Find();
        var scratch = Scratch.Create("stallsim-calibrate-");
        try
        {
            console.Line($"building the twin with {go.Go}");
            var twin = go.BuildTwin(scratch.FullName);
            console.Line("measuring (about six minutes; keep the machine otherwise quiet)");
            var temp = Path.Combine(scratch.FullName, "profile.yaml");
            var (code, output) = GoToolchain.Run(twin, ["calibrate", temp], scratch.FullName, TimeSpan.FromMinutes(10));
            if (code != 0)
                throw new InputException($"the twin's calibration failed: {YamlTree.FirstLine(output)}");
            WriteBeside(target, dir, beside => File.Copy(temp, beside, overwrite: true));
            console.Line($"wrote {options.Out}");
            return 0;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>Writes the profile beside the target, checks that it reads as a profile, then renames it: a full disk
    /// or a profile that does not read leaves an earlier one as it was.</summary>
    private static void WriteBeside(string target, string dir, Action<string> write)
    {
        var beside = Path.Combine(dir, $".{Path.GetFileName(target)}.{Environment.ProcessId}.tmp.yaml");
        try
        {
            write(beside);
            CostProfile.Apply(ScenarioKeys.Defaults, beside, dir);
            File.Move(beside, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(beside))
                File.Delete(beside);
        }
    }
}
