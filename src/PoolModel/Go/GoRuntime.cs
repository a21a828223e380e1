using StallSim.Engine;

namespace StallSim.PoolModel.Go;

/// <summary>
/// The Go runtime of one simulated tablet: spawns goroutines, knows how long a woken goroutine takes to run
/// (MODEL.md 8.2, 8.5), and keeps the census of live goroutines by blocking site, updated as they move so
/// that reading it costs nothing.
/// </summary>
public sealed class GoRuntime
{
    private readonly List<Goroutine> _live = [];
    private readonly int[] _bySite = new int[BlockingSite.All.Count];

    public GoRuntime(Simulation sim, RuntimeCosts costs)
    {
        Sim = sim;
        Costs = costs;
    }

    public Simulation Sim { get; }

    public RuntimeCosts Costs { get; }

    public long Now => Sim.Now;

    public int LiveGoroutines => _live.Count;

    public Goroutine Go(Func<Goroutine, IEnumerable<Wait>> body, BlockingSite initialSite, object? owner = null)
    {
        var g = new Goroutine(this, initialSite) { Owner = owner };
        g.LiveIndex = _live.Count;
        _live.Add(g);
        _bySite[initialSite.Index]++;
        g.Process = Sim.Start(body(g), g);
        return g;
    }

    /// <summary>Ends every goroutine at once (a process restart).</summary>
    public IReadOnlyList<Goroutine> KillAll()
    {
        var killed = _live.ToArray();
        foreach (var g in killed) g.Process.Kill();
        return killed;
    }

    public IReadOnlyDictionary<BlockingSite, int> Census() =>
        BlockingSite.All.Where(s => _bySite[s.Index] > 0).ToDictionary(s => s, s => _bySite[s.Index]);

    public int CountAt(BlockingSite site) => _bySite[site.Index];

    internal void Move(BlockingSite from, BlockingSite to)
    {
        _bySite[from.Index]--;
        _bySite[to.Index]++;
    }

    internal void Exit(Goroutine g)
    {
        if (g.LiveIndex < 0) return;
        _bySite[g.Site.Index]--;
        var last = _live[^1];
        _live[g.LiveIndex] = last;
        last.LiveIndex = g.LiveIndex;
        _live.RemoveAt(_live.Count - 1);
        g.LiveIndex = -1;
    }
}

/// <summary>Latencies of the Go scheduler (MODEL.md 8.2, 8.5, 9.2). A woken goroutine does not run at the
/// instant it is made runnable: it runs after <see cref="Wake"/> (a channel send or timer wake-up) or
/// after <see cref="MutexHandoff"/> (a mutex hand-off or wake-up).</summary>
public sealed record RuntimeCosts(long Wake, long MutexHandoff, long StarvationThreshold);
