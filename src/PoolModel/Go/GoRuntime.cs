using StallSim.Engine;

namespace StallSim.PoolModel.Go;

/// <summary>
/// The Go runtime of one simulated process: spawns goroutines (<c>go f()</c>), readies parked ones
/// (<c>goready</c>), and keeps the census of live goroutines by site, updated as they move so that reading it
/// costs nothing. With <see cref="RuntimeSettings.Procs"/> ≥ 1 a <see cref="Scheduler"/> decides when each
/// runnable goroutine runs; without, a readied goroutine runs after a fixed latency.
/// </summary>
public sealed class GoRuntime
{
    private readonly List<Goroutine> _live = [];
    private int[] _bySite = new int[Math.Max(16, Site.Count)];

    public GoRuntime(Simulation sim, RuntimeSettings settings)
    {
        Sim = sim;
        Settings = settings;
        if (settings.Procs > 0)
            Scheduler = new Scheduler(this, settings.Procs, settings.Scheduler);
    }

    public Simulation Sim { get; }

    public RuntimeSettings Settings { get; }

    internal Scheduler? Scheduler { get; }

    public long Now => Sim.Now;

    public int LiveGoroutines => _live.Count;

    /// <summary><c>go body()</c>: a new goroutine at <paramref name="initialSite"/>. Without a scheduler it starts
    /// now; with one, it is runnable and starts when a processor takes it (<paramref name="on"/>: the processor
    /// whose runnext it goes to, when no goroutine of it runs the <c>go</c> statement: a timer's).</summary>
    public Goroutine Go(Func<Goroutine, IEnumerable<Wait>> body, Site initialSite, object? owner = null) =>
        Go(g => body(g).GetEnumerator(), initialSite, owner, null);

    /// <summary>The same, with a body that is an enumerator of its steps (<see cref="Steps"/>).</summary>
    public Goroutine Go(Func<Goroutine, IEnumerator<Wait>> body, Site initialSite, object? owner = null) =>
        Go(body, initialSite, owner, null);

    internal Goroutine Go(Func<Goroutine, IEnumerable<Wait>> body, Site initialSite, object? owner, Processor? on) =>
        Go(g => body(g).GetEnumerator(), initialSite, owner, on);

    internal Goroutine Go(Func<Goroutine, IEnumerator<Wait>> body, Site initialSite, object? owner, Processor? on)
    {
        var g = new Goroutine(this, initialSite) { Owner = owner };
        g.LiveIndex = _live.Count;
        _live.Add(g);
        Count(initialSite)++;
        Sim.Adopt(g, body(g), start: Scheduler is null);
        Scheduler?.Spawn(g, on);
        return g;
    }

    /// <summary><c>goready(g)</c>: makes a parked goroutine runnable. Without a scheduler it runs after
    /// <paramref name="latency"/>. False when its park has already ended (its own timer came first, or another
    /// waker readied it): a select is won by one case only.</summary>
    public bool Ready(Goroutine g, long latency)
    {
        if (Scheduler is { } s)
            return s.Ready(g);
        if (!g.Claim())
            return false;
        g.Activate(latency);
        return true;
    }

    /// <summary>With a scheduler: a runtime timer that readies the parked <paramref name="g"/> <paramref name="delay"/>
    /// from now, into the runnext of the processor that runs the timer (as a sleep's timer does).</summary>
    public void ReadyAfter(long delay, Goroutine g)
    {
        if (Scheduler is null)
            throw new InvalidOperationException("a timer that readies a goroutine needs a scheduler");
        g.ArmTimer(delay); // the goroutine's own timer: it is parked, so not in a sleep that has one armed
    }

    /// <summary>What an unlocker does after a starvation-mode hand-off (<c>semrelease1</c> with handoff): with a
    /// scheduler that yields, it gives its processor to the new owner (<c>goyield</c>); otherwise it goes on.</summary>
    internal Wait AfterHandoff(Goroutine g) =>
        Scheduler is { } s && Settings.Scheduler.Yields ? s.Yield(g, toGlobal: false) : Wait.Continue;

    /// <summary>Ends every goroutine at once (a process restart).</summary>
    public IReadOnlyList<Goroutine> KillAll()
    {
        Scheduler?.Stop();
        var killed = _live.ToArray();
        foreach (var g in killed)
            g.Kill();
        return killed;
    }

    /// <summary>Goroutines per site, for the sites that have any.</summary>
    public IReadOnlyDictionary<Site, int> Census()
    {
        var census = new Dictionary<Site, int>();
        for (var i = 0; i < _bySite.Length; i++)
            if (_bySite[i] > 0)
                census[Site.WithIndex(i)] = _bySite[i];
        return census;
    }

    public int CountAt(Site site) => site.Index < _bySite.Length ? _bySite[site.Index] : 0;

    private ref int Count(Site site)
    {
        if (site.Index >= _bySite.Length)
            Array.Resize(ref _bySite, Math.Max(site.Index + 1, 2 * _bySite.Length));
        return ref _bySite[site.Index];
    }

    internal void Move(Site from, Site to)
    {
        Count(from)--;
        Count(to)++;
    }

    internal void Exit(Goroutine g)
    {
        if (g.LiveIndex < 0)
            return;
        Count(g.Site)--;
        var last = _live[^1];
        _live[g.LiveIndex] = last;
        last.LiveIndex = g.LiveIndex;
        _live.RemoveAt(_live.Count - 1);
        g.LiveIndex = -1;
        Scheduler?.Release(g);
    }
}
