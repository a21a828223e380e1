using StallSim.PoolModel.Go;
using StallSim.PoolModel.Pool;
using StallSim.PoolModel.Server;
using static StallSim.PoolModel.Waitlist.BlockingSites;

namespace StallSim.Simulator.Dumps;

/// <summary>
/// Which census site a goroutine of a dump is at, from the frames of its stack: the first frame in the
/// waitlist's file, by line (one map per Vitess release); for a dump of the twin, also the twin's own functions
/// for the query, the dial and the worker. Whatever matches nothing is <see cref="Other"/>.
/// </summary>
public sealed record LineMap(
    string Name,
    IReadOnlyDictionary<int, Site> Lines,
    IReadOnlyList<(int From, int To, Site Site)> Ranges,
    IReadOnlyList<(string Function, Site Site)> Functions
)
{
    /// <summary>Goroutines of the process that are not the pool's: the runtime's, the server's, the twin's driver.</summary>
    public static readonly Site Other = new("other", "a goroutine none of the pool's sites accounts for");

    private static readonly IReadOnlyDictionary<int, Site> Release23Lines = ByLine;

    /// <summary>release-23.0's waitlist.go: the lines of the seed's dump and the other places a goroutine blocks.</summary>
    public static readonly LineMap Release23 = new(
        "release-23.0",
        Release23Lines,
        [],
        [("vitess.io/vitess/go/mysql.(*Conn).", TabletSites.MySqlIo)]
    ); // a pooled connection reading from or writing to MySQL

    /// <summary>The twin: release-23.0's lines (its waitlist.go keeps them), the critical sections it holds wl.mu
    /// in, and the functions of its driver that stand for MySQL I/O, dialing and the worker's sleep.</summary>
    public static readonly LineMap Twin = new(
        "twin",
        Release23Lines,
        CriticalSections(),
        [
            ("stallsim/twin/driver.query", TabletSites.MySqlIo),
            ("stallsim/twin/driver.failOnDeadContext", TabletSites.FailingOnDeadContext),
            ("stallsim/twin/pool.dialMySQL", PoolSites.Dialing),
            ("stallsim/twin/pool.(*ConnPool).RunWorker", PoolSites.WorkerSleep),
        ]
    );

    public static IReadOnlyList<LineMap> All { get; } = [Release23, Twin];

    /// <summary>The lines of the twin's waitlist.go where wl.mu is held: from each wl.mu.Lock() to the next
    /// wl.mu.Unlock(), and the body of removeSelf (called with the lock held). Read from the twin's source, which
    /// stallsim carries, so that the map follows the code.</summary>
    private static IReadOnlyList<(int, int, Site)> CriticalSections()
    {
        using var stream = typeof(LineMap).Assembly.GetManifestResourceStream("twin/pool/waitlist.go");
        if (stream is null)
            return [];
        using var reader = new StreamReader(stream);
        var lines = reader.ReadToEnd().Split('\n');
        var ranges = new List<(int, int, Site)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var text = lines[i].Trim();
            if (text == "wl.mu.Lock()")
            {
                var end = Array.FindIndex(lines, i + 1, l => l.Trim() == "wl.mu.Unlock()");
                if (end > i)
                    ranges.Add((i + 2, end + 1, HoldingWaitlistMutex));
            }
            else if (text.StartsWith("func (wl *waitlist) removeSelf(", StringComparison.Ordinal))
            {
                var end = Array.FindIndex(lines, i + 1, l => l == "}");
                if (end > i)
                    ranges.Add((i + 2, end + 1, HoldingWaitlistMutex));
            }
        }
        return ranges;
    }

    /// <summary>The prefix of the groups of goroutines that belong to no pool: "no pool: net/http.(*conn).serve".</summary>
    public const string NoPool = "no pool: ";

    /// <summary>Which of vttablet's pools a goroutine waits in or holds a connection of, from the frames above the
    /// waitlist (release-23.0's tabletserver): the first, innermost first, that names one.</summary>
    private static readonly (string Function, string Pool)[] PoolCallers =
    [
        ("tabletserver.(*TxPool).", "transaction pool"),
        ("tabletserver.(*StatefulConnectionPool).", "transaction pool"),
        ("tabletserver.(*TabletServer).Begin", "transaction pool"),
        ("tabletserver.(*QueryExecutor).Stream", "stream pool"),
        ("tabletserver.(*TabletServer).StreamExecute", "stream pool"),
        ("tabletserver.(*QueryExecutor).Execute", "query pool"),
        ("tabletserver.(*TabletServer).Execute", "query pool"),
    ];

    /// <summary>The pool of a goroutine at <paramref name="site"/>: named by the tabletserver function above the
    /// waitlist; "a pool" when a pool's goroutine has none of them (a hand-written dump, the twin); for a goroutine
    /// of no pool, its top frame outside the runtime.</summary>
    public string PoolOf(Site site, IReadOnlyList<(string Function, string File, int Line)> frames)
    {
        foreach (var (function, _, _) in frames)
        foreach (var (caller, pool) in PoolCallers)
            if (function.Contains(caller, StringComparison.Ordinal))
                return pool;
        var inWaitlist = frames.Any(f => f.File.EndsWith("waitlist.go", StringComparison.Ordinal));
        if ((site != Other && site != Site.Runnable) || inWaitlist)
            return "a pool";
        // The top frame that says what the goroutine does: below it, the standard library's blocking primitives.
        string[] primitives = ["runtime.", "sync.", "internal/", "syscall.", "net.", "io.", "bufio."];
        var top = frames.Select(f => f.Function).FirstOrDefault(f => !primitives.Any(p => f.StartsWith(p, StringComparison.Ordinal)))
            ?? frames.FirstOrDefault().Function
            ?? "?";
        // debug=2 writes the arguments after the function, debug=1 does not: drop them, keep a method's receiver.
        return NoPool + (top.EndsWith(')') && top.LastIndexOf('(') > 0 ? top[..top.LastIndexOf('(')] : top);
    }

    /// <summary>The site of a goroutine with this status and these (function, file, line) frames, innermost first.</summary>
    public Site SiteOf(string status, IReadOnlyList<(string Function, string File, int Line)> frames)
    {
        if (status.StartsWith("runnable", StringComparison.Ordinal))
            return Site.Runnable;
        foreach (var (function, file, line) in frames)
        {
            if (file.EndsWith("/waitlist.go", StringComparison.Ordinal) || file == "waitlist.go")
            {
                if (Lines.TryGetValue(line, out var site))
                    return site;
                foreach (var (from, to, s) in Ranges)
                    if (line >= from && line <= to)
                        return s;
                return SiteNamed($"waitlist.go:{line}");
            }
            foreach (var (prefix, s) in Functions)
                if (function.StartsWith(prefix, StringComparison.Ordinal))
                    return s;
        }
        return Other;
    }

    /// <summary>A site of a census read back by its name (a kept twin run, a run's census.csv): the tablet's own
    /// site of that name, <see cref="Other"/>, or a site of its own described as <paramref name="description"/>.</summary>
    public static Site CensusSite(string name, string description) =>
        TabletSites.CensusOrder.FirstOrDefault(s => s.Name == name) ?? (name == Other.Name ? Other : new Site(name, description));

    private static readonly Dictionary<string, Site> Unmapped = [];
    private static readonly System.Threading.Lock Gate = new();

    /// <summary>A line of waitlist.go that no site names: a site of its own, named by its line.</summary>
    private static Site SiteNamed(string name)
    {
        lock (Gate)
        {
            if (!Unmapped.TryGetValue(name, out var site))
                Unmapped[name] = site = new Site(name, "a line of waitlist.go that the line map does not name");
            return site;
        }
    }
}
