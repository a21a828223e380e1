using StallSim.PoolModel;

namespace StallSim.Simulator.Scenarios;

/// <summary>
/// One key of a scenario file, written once: its path, what a value looks like, its default, what it means,
/// how it is read, and what makes it valid. The binder reads and checks scenarios from the table of these
/// (<see cref="ScenarioKeys"/>), and docs/scenarios.md is generated from the same table, so neither can
/// drift from the other.
/// </summary>
public sealed record ScenarioKey
{
    /// <summary>Dotted path, e.g. <c>pool.capacity</c>; <c>NAME</c> stands for a name the user chooses.</summary>
    public required string Path { get; init; }

    /// <summary>What a value looks like, with its unit: "a duration with a unit (e.g. 30s)".</summary>
    public required string Form { get; init; }

    /// <summary>The default, as a scenario file would write it.</summary>
    public required string Default { get; init; }

    /// <summary>The key's value in a bound scenario, written as <see cref="Default"/> is; null for keys whose
    /// value is not one scalar.</summary>
    internal Func<Scenario, string>? Show { get; init; }

    /// <summary>The valid values, when narrower than <see cref="Form"/>.</summary>
    public string? Range { get; init; }

    public required string Doc { get; init; }

    /// <summary>Reads the key from its section into the scenario; null for a key documented as part of a larger
    /// value (a switch of a custom variant, a field of a distribution), which that value's key reads.</summary>
    internal Func<Section, string, Scenario, Scenario>? Bind { get; init; }

    /// <summary>The keys whose values this key's reading depends on (a trigger is checked against the horizon; a
    /// stage's factor multiplies workload.rate; a single cost overrides the profile's): the binder reads those first,
    /// wherever they stand in the table.</summary>
    public IReadOnlyList<string> After { get; init; } = [];

    /// <summary>What is wrong with the bound scenario's value (the key path it names, and what was expected), or
    /// null when it is valid.</summary>
    public Func<Scenario, Problem?> Check { get; init; } = _ => null;

    /// <summary>The section the key sits in ("" for the root) and its own name.</summary>
    public (string Section, string Name) Split()
    {
        var dot = Path.LastIndexOf('.');
        return dot < 0 ? ("", Path) : (Path[..dot], Path[(dot + 1)..]);
    }
}

/// <summary>A value that is not valid: the key path it is at, and what was expected there.</summary>
public sealed record Problem(string Key, string Expected);

/// <summary>How a scalar key's text becomes a value, and how a value is written back (for defaults).</summary>
internal sealed record Parser<T>(string Form, Func<Section, string, T, T> Read, Func<T, string> Format);
