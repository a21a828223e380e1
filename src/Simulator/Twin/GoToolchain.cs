using System.Diagnostics;
using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Twin;

/// <summary>
/// Go, for the twin only: found on the PATH (or where Debian's golang-go puts it), and the twin built from
/// the sources embedded in stallsim into a scratch directory. Nothing else in stallsim needs Go.
/// </summary>
public sealed class GoToolchain
{
    private GoToolchain(string go) => Go = go;

    public string Go { get; }

    public const string InstallHint =
        "the twin needs Go 1.19 or later; install it with scripts/install-go.sh (Debian's golang-go package), or put go on the PATH";

    public static GoToolchain Find()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "go"))
            .Append("/usr/lib/go/bin/go")
            .Append("/usr/local/go/bin/go");
        var go = candidates.FirstOrDefault(File.Exists) ?? throw new InputException($"no Go found: {InstallHint}");
        return new GoToolchain(go);
    }

    /// <summary>Writes the embedded twin sources to <paramref name="dir"/> and builds them; returns the binary.</summary>
    public string BuildTwin(string dir)
    {
        var assembly = typeof(GoToolchain).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("twin/", StringComparison.Ordinal)))
        {
            var path = Path.Combine(dir, "src", name["twin/".Length..]);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var file = File.Create(path);
            stream.CopyTo(file);
        }
        var binary = Path.Combine(dir, "twin");
        var (code, output) = Run(Go, ["build", "-o", binary, "."], Path.Combine(dir, "src"), TimeSpan.FromMinutes(5));
        if (code != 0)
            throw new InputException($"the twin did not build with {Go}: {YamlTree.FirstLine(output)}");
        return binary;
    }

    /// <summary>Runs a program to its end (or kills it at <paramref name="timeout"/>); its exit code and output.</summary>
    public static (int Code, string Output) Run(
        string program,
        IEnumerable<string> args,
        string workingDir,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null
    )
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
            start.Environment[k] = v;
        Process? started;
        try
        {
            started = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InputException($"{program}: cannot be run ({YamlTree.FirstLine(e.Message)}); {InstallHint}");
        }
        using var process = started ?? throw new InputException($"{program}: could not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"killed after {timeout.TotalSeconds:0} s");
        }
        return (process.ExitCode, stderr.Result.Length > 0 ? stderr.Result : stdout.Result);
    }
}
