using System.Globalization;
using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Sweeps;

/// <summary><c>--shard k/n</c>: the points whose index is k−1 modulo n. Deterministic, so n jobs that run shards
/// 1/n .. n/n cover every point exactly once. <c>--shard auto</c> takes k and n from the environment of the
/// runner that started the job (docs/design.md#sweeps-on-many-machines).</summary>
public readonly record struct Shard(int K, int N)
{
    public static readonly Shard Whole = new(1, 1);

    public bool IsWhole => N == 1;

    public bool Contains(SweepPoint point) => point.Index % N == K - 1;

    /// <summary>The variables <c>--shard auto</c> reads, in this order.</summary>
    public const string AutoSources =
        "STALLSIM_SHARD (k/n, e.g. a CI matrix), JOB_COMPLETION_INDEX with JOB_COMPLETIONS (a Kubernetes Indexed Job), "
        + "SLURM_ARRAY_TASK_ID with SLURM_ARRAY_TASK_COUNT (a Slurm job array)";

    public static Shard Parse(string? text, Func<string, string?>? environment = null)
    {
        if (text is null)
            return Whole;
        if (text == "auto")
            return FromEnvironment(environment ?? Environment.GetEnvironmentVariable);
        return ParseKn(text, $"--shard {text}");
    }

    private static Shard ParseKn(string text, string origin)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && TryWhole(parts[0], out var k) && TryWhole(parts[1], out var n) && n >= 1 && k >= 1 && k <= n)
            return new Shard(k, n);
        throw new InputException($"{origin}: expected k/n with 1 <= k <= n, e.g. --shard 2/3");
    }

    private static bool TryWhole(string text, out int value) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static Shard FromEnvironment(Func<string, string?> env)
    {
        if (env("STALLSIM_SHARD") is { Length: > 0 } kn)
            return ParseKn(kn, $"--shard auto: STALLSIM_SHARD={kn}");
        if (env("JOB_COMPLETION_INDEX") is { Length: > 0 } index)
            return FromIndex(index, env("JOB_COMPLETIONS"), 0, "JOB_COMPLETION_INDEX", "JOB_COMPLETIONS");
        if (env("SLURM_ARRAY_TASK_ID") is { Length: > 0 } task)
        {
            var min = env("SLURM_ARRAY_TASK_MIN") is { Length: > 0 } m && TryWhole(m, out var first) ? first : 0;
            return FromIndex(task, env("SLURM_ARRAY_TASK_COUNT"), min, "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT");
        }
        throw new InputException($"--shard auto: none of the variables it reads is set; looked for {AutoSources}");
    }

    /// <summary>A zero-based index (above <paramref name="first"/>) and a count become shard index+1 of count.</summary>
    private static Shard FromIndex(string index, string? count, int first, string indexName, string countName)
    {
        if (count is not { Length: > 0 })
            throw new InputException($"--shard auto: {indexName} is set but {countName} is not; set it to the number of shards");
        if (!TryWhole(index, out var i) || !TryWhole(count, out var n) || n < 1 || i - first < 0 || i - first >= n)
            throw new InputException(
                $"--shard auto: {indexName}={index} and {countName}={count}: expected an index from {first} to {first}+{countName}-1"
            );
        return new Shard(i - first + 1, n);
    }

    public override string ToString() => $"{K}/{N}";
}
