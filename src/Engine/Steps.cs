namespace StallSim.Engine;

/// <summary>
/// A process body's steps as an enumerator. An iterator method that returns <see cref="IEnumerator{T}"/> keeps one
/// copy of its parameters; one that returns <see cref="IEnumerable{T}"/> keeps two and a thread id, for every frame
/// a suspended process holds. The frames a parked goroutine holds for as long as it waits are written this way, and
/// <c>foreach</c> takes them through <see cref="GetEnumerator"/>.
/// </summary>
public static class Steps
{
    /// <summary>No steps.</summary>
    public static IEnumerator<Wait> None => ((IEnumerable<Wait>)[]).GetEnumerator();

    /// <summary>Lets <c>foreach</c> run an enumerator's steps, as it runs an enumerable's.</summary>
    public static IEnumerator<Wait> GetEnumerator(this IEnumerator<Wait> steps) => steps;
}
