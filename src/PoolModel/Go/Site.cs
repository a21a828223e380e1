namespace StallSim.PoolModel.Go;

/// <summary>
/// A place where a goroutine can be found in a goroutine dump: the line it is blocked at, or what it is
/// doing. The census counts live goroutines per site. The runtime knows only one site of its own,
/// <see cref="Runnable"/>; the code that runs on it declares the others (the waitlist's and the pool's).
/// </summary>
public sealed class Site
{
    private static readonly List<Site> Registry = [];
    private static readonly System.Threading.Lock Gate = new();

    public Site(string name, string description, bool inMutexLock = false)
    {
        Name = name;
        Description = description;
        InMutexLock = inMutexLock;
        lock (Gate)
        {
            Index = Registry.Count;
            Registry.Add(this);
        }
    }

    /// <summary>How the site reads in a dump table: <c>waitlist.go:</c> and a line, <c>mysql I/O</c>.</summary>
    public string Name { get; }

    public string Description { get; }

    /// <summary>The goroutine is blocked in <c>sync.Mutex.Lock</c> here (a dump shows it as
    /// <c>[sync.Mutex.Lock]</c>).</summary>
    public bool InMutexLock { get; }

    /// <summary>A small number per site, for counting without a dictionary.</summary>
    internal int Index { get; }

    internal static int Count
    {
        get
        {
            lock (Gate)
                return Registry.Count;
        }
    }

    internal static Site WithIndex(int index)
    {
        lock (Gate)
            return Registry[index];
    }

    public override string ToString() => Name;

    /// <summary>Made runnable, waiting to be scheduled (a dump's <c>[runnable]</c>).</summary>
    public static readonly Site Runnable = new("runnable", "woken, waiting to be scheduled");
}
