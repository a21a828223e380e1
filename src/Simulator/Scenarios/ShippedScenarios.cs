using System.Reflection;

namespace StallSim.Simulator.Scenarios;

/// <summary>The scenario and sweep files of <c>scenarios/</c>, embedded in the tool so that it runs them from
/// anywhere; <c>seed-stall</c> is the default.</summary>
public static class ShippedScenarios
{
    public const string Default = "seed-stall";

    private static readonly Assembly Assembly = typeof(ShippedScenarios).Assembly;

    public static IReadOnlyList<string> Names { get; } =
        Assembly
            .GetManifestResourceNames()
            .Where(n => n.StartsWith("scenarios/", StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal))
            .Select(n => n["scenarios/".Length..^".yaml".Length])
            .Order(StringComparer.Ordinal)
            .ToList();

    public static bool Exists(string name) => Names.Contains(name);

    /// <summary>A file shipped beside the scenarios (a replayed curve), or null.</summary>
    public static string? ReadCompanion(string name)
    {
        using var stream = Assembly.GetManifestResourceStream($"scenarios/{Path.GetFileName(name)}");
        if (stream is null)
            return null;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static YamlTree Load(string name)
    {
        using var stream = Assembly.GetManifestResourceStream($"scenarios/{name}.yaml")
            ?? throw new InputException($"'{name}': no such shipped scenario (shipped: {string.Join(", ", Names)})");
        using var reader = new StreamReader(stream);
        return YamlTree.Parse($"embedded:{name}.yaml", reader.ReadToEnd());
    }

    /// <summary>How to name <paramref name="fileOrName"/> in a command to reproduce a run: a shipped scenario by its
    /// name, whether it was given by name or as the file scenarios/NAME.yaml holding the same text; any other
    /// file by its path.</summary>
    public static string ReproducibleName(string? fileOrName)
    {
        if (fileOrName is null)
            return Default;
        var name = Path.GetFileNameWithoutExtension(fileOrName);
        if (!Exists(name))
            return fileOrName;
        if (!File.Exists(fileOrName))
            return name;
        using var stream = Assembly.GetManifestResourceStream($"scenarios/{name}.yaml")!;
        using var reader = new StreamReader(stream);
        return BoundedFile.ReadText(fileOrName, YamlTree.MaxBytes, "a scenario file") == reader.ReadToEnd() ? name : fileOrName;
    }

    /// <summary>A file path if it exists, else a shipped name (with or without .yaml); <c>-</c> reads standard input,
    /// whose relative files resolve from the working directory.</summary>
    public static YamlTree Resolve(string fileOrName)
    {
        if (fileOrName == BoundedFile.StandardInput)
            return YamlTree.Parse(
                BoundedFile.StandardInputName,
                BoundedFile.ReadText(BoundedFile.StandardInput, YamlTree.MaxBytes, $"a scenario of at most {YamlTree.MaxBytes:N0} bytes"),
                Directory.GetCurrentDirectory()
            );
        if (File.Exists(fileOrName) || Directory.Exists(fileOrName))
            return YamlTree.Load(fileOrName);
        var name = fileOrName.EndsWith(".yaml", StringComparison.Ordinal) ? Path.GetFileNameWithoutExtension(fileOrName) : fileOrName;
        if (!fileOrName.Contains('/') && Exists(name))
            return Load(name);
        throw new InputException($"{fileOrName}: no such file, and not a shipped scenario (shipped: {string.Join(", ", Names)})");
    }
}
