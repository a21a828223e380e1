using StallSim.Engine;
using StallSim.PoolModel;
using StallSim.PoolModel.Go;
using StallSim.PoolModel.Server;

namespace StallSim.Simulator.Twin;

/// <summary>
/// The simulator's census at the instant as deep into the stall as the twin's dump, beside the one at the same
/// instant. Once a convoy forms on wl.mu, how fast it deepens hangs on the walk's cost per element within a few
/// nanoseconds, and the real runtime's walk swings by more than that from one second to the next and from one run
/// to another (docs/twin.md#the-census-at-the-same-depth). Two engines a second apart in the same stall are then
/// far apart at the same clock instant while blocking in the same places, so the census is also compared where
/// both have as many goroutines waiting for wl.mu: that compares where goroutines block, the question a census
/// answers, rather than when the convoy formed.
/// </summary>
public static class DepthMatch
{
    /// <summary>How far from the twin's instant the match is looked for: far enough for the seconds by which the
    /// engines' convoys part (in seed-stall-twin's cold runs up to 3.6 s while they form; 10 s later, where one
    /// twin's convoy stopped growing and the simulator's did not, the match sat at this edge), near enough that it
    /// stays in the same episode of a staged or triggered load.</summary>
    public const long Window = 10 * Units.Second;

    /// <summary>The step of the instants searched: a convoy deepens by at most a few thousand goroutines per second,
    /// so a tenth of a second resolves its depth to about one point of the goroutines it holds.</summary>
    public const long Step = 100 * Units.Millisecond;

    /// <summary>Goroutines waiting for wl.mu: the census's sites inside <c>wl.mu.Lock()</c>.</summary>
    public static int Depth(IEnumerable<(Site Site, int Goroutines)> sites) => sites.Where(s => s.Site.InMutexLock).Sum(s => s.Goroutines);

    /// <summary>The census instants the simulator takes so that a match can be found: the scenario's own and
    /// every <see cref="Step"/> within <see cref="Window"/> of each of them, inside the run.</summary>
    public static IReadOnlyList<long> Instants(Scenario scenario)
    {
        var all = new SortedSet<long>(scenario.CensusAt);
        foreach (var at in scenario.CensusAt)
            for (var t = Math.Max(0, at - Window); t <= Math.Min(scenario.Horizon, at + Window); t += Step)
                all.Add(t);
        return [.. all];
    }

    /// <summary>Among the simulator's censuses within <see cref="Window"/> of <paramref name="timeS"/>, the one
    /// whose depth is nearest <paramref name="depth"/>, depths counted in grains of a hundredth of the
    /// <paramref name="goroutines"/> the twin's census found (finer than that is below the point the shares are
    /// read to); of equally deep ones, the nearest in time, then the earlier. Null when there is none.</summary>
    public static CensusSnapshot? Match(double timeS, int depth, int goroutines, IReadOnlyList<CensusSnapshot> sim)
    {
        var grain = Math.Max(1, goroutines / 100);
        return sim.Where(c => Math.Abs(c.TimeS - timeS) <= Units.ToSeconds(Window) + 1e-9)
            .OrderBy(c => Math.Abs(Depth(c.Sites) - depth) / grain)
            .ThenBy(c => Math.Abs(c.TimeS - timeS))
            .ThenBy(c => c.TimeS)
            .FirstOrDefault();
    }
}
