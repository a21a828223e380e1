using System.Reflection;

namespace StallSim.Simulator.Scenarios;

/// <summary>The scenario and sweep files of <c>scenarios/</c>, embedded in the tool so that it runs them from
/// anywhere; <c>seed-stall</c> is the default.</summary>
public static class ShippedScenarios
{
    public const string Default = "seed-stall";

    private static readonly Assembly Assembly = typeof(ShippedScenarios).Assembly;

    public static IReadOnlyList<string> Names { get; } = Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("scenarios/", StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal))
        .Select(n => n["scenarios/".Length..^".yaml".Length])
        .Order(StringComparer.Ordinal)
        .ToList();

    public static bool Exists(string name) => Names.Contains(name);

    public static YamlTree Load(string name)
    {
        using var stream = Assembly.GetManifestResourceStream($"scenarios/{name}.yaml")
            ?? throw new InputException($"'{name}': no such shipped scenario (shipped: {string.Join(", ", Names)})");
        using var reader = new StreamReader(stream);
        return YamlTree.Parse($"embedded:{name}.yaml", reader.ReadToEnd());
    }

    /// <summary>A file path if it exists, else a shipped name (with or without .yaml).</summary>
    public static YamlTree Resolve(string fileOrName)
    {
        if (File.Exists(fileOrName)) return YamlTree.Load(fileOrName);
        var name = fileOrName.EndsWith(".yaml", StringComparison.Ordinal) ? Path.GetFileNameWithoutExtension(fileOrName) : fileOrName;
        if (!fileOrName.Contains('/') && Exists(name)) return Load(name);
        throw new InputException($"{fileOrName}: no such file, and not a shipped scenario (shipped: {string.Join(", ", Names)})");
    }
}
