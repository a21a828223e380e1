using StallSim.Simulator.Cli;

namespace StallSim.Simulator.Tests;

/// <summary>Runs the CLI in-process with captured stdout and stderr. Console is process-wide, so every
/// test that uses it is in the one "cli" collection, which xunit runs serially.</summary>
public static class CliHarness
{
    public sealed record Outcome(int Code, string Out, string Err);

    public static Outcome Run(params string[] args)
    {
        var oldOut = Console.Out;
        var oldErr = Console.Error;
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            var code = StallSimCli.Run(args);
            return new Outcome(code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }

    /// <summary>The repository's root (where Simulator.sln is), for tests that read results/, scenarios/ or README.md.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
            if (File.Exists(Path.Combine(dir, "Simulator.sln"))) return dir;
        throw new InvalidOperationException("not inside the repository");
    }

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "stallsim-tests", Guid.NewGuid().ToString("N"));
        return dir;
    }

    public static string TempYaml(string text)
    {
        var dir = TempDir();
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "scenario.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A quick scenario: small pool, short horizon, a short trigger.</summary>
    public const string Small = """
        name: small
        horizon: 40s
        seeds: [1]
        pool: { capacity: 20 }
        workload:
          rate: 100/s
          trigger: { kind: slow-db, start: 15s, duration: 3s, factor: 4 }
          deadline: 2s
          service: { dist: exponential, mean: 50ms }
        census_at: [10s]
        """;
}

[CollectionDefinition("cli", DisableParallelization = true)]
public sealed class CliCollection;
