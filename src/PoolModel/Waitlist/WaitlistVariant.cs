namespace StallSim.PoolModel.Waitlist;

/// <summary>What <c>tryReturnConnSlow</c> does with a waiter whose context has expired.</summary>
public enum ExpiryCheck
{
    /// <summary>release-23: the returner never looks; an expired waiter is as eligible as a live one.</summary>
    None,

    /// <summary>The returner passes expired waiters over and leaves them listed (they remove themselves).
    /// The only form of the check that works with an unbuffered channel.</summary>
    Skip,

    /// <summary>#20308: the returner unlinks expired waiters and sends them nil (needs a buffered channel:
    /// the send happens under wl.mu and must not block).</summary>
    Evict,
}

/// <summary>How a timed-out waiter leaves the list.</summary>
public enum SelfRemoval
{
    /// <summary>release-23: walk from the front to itself under wl.mu, O(position); the whole list if it was
    /// already removed by a returner.</summary>
    Scan,

    /// <summary>#20308: <c>list.RemoveIfPresent</c>, O(1).</summary>
    O1,
}

/// <summary>Which live waiter a returner serves.</summary>
public enum WaitlistOrder
{
    /// <summary>release-23 and #20308: the front, the longest waiting.</summary>
    Fifo,

    /// <summary>The back, the newest: its caller is the likeliest to still want the answer.</summary>
    Lifo,

    /// <summary>FIFO while the front has waited at most <see cref="WaitlistVariant.LifoAfter"/>, LIFO beyond
    /// ("adaptive LIFO": B. Maurer, "Fail at Scale", ACM Queue 13(8), 2015).</summary>
    AdaptiveLifo,
}

/// <summary>CoDel on the waitlist (K. Nichols, V. Jacobson, RFC 8289): when the shortest wait of the waiters
/// served over the last <paramref name="Interval"/> exceeded <paramref name="Target"/>, the queue is standing, and
/// every waiter that has waited longer than the target is shed, from the front, instead of being served.</summary>
public sealed record CoDelSettings(long Target, long Interval)
{
    /// <summary>RFC 8289's defaults (section 4.4), which Fail at Scale uses for its server queues too.</summary>
    public static readonly CoDelSettings Default = new(5 * Engine.Units.Millisecond, 100 * Engine.Units.Millisecond);
}

/// <summary>
/// One waitlist algorithm, as a set of switches, one per ingredient of the stall (docs/model.md#the-waitlists-versions).
/// <see cref="Buggy"/> is release-23.0, <see cref="Fixed"/> is PR #20308; ablations flip one switch.
/// </summary>
public sealed record WaitlistVariant(string Name, ExpiryCheck ExpiryCheck, bool BufferedHandoff, SelfRemoval SelfRemoval, int MaxWaiters)
{
    public static readonly WaitlistVariant Buggy = new("buggy", ExpiryCheck.None, false, SelfRemoval.Scan, 0);

    public static readonly WaitlistVariant Fixed = new("fixed", ExpiryCheck.Evict, true, SelfRemoval.O1, 0);

    /// <summary>#20308 with CoDel shedding at RFC 8289's target and interval.</summary>
    public static readonly WaitlistVariant CoDel = Fixed with { Name = "codel", Shedding = CoDelSettings.Default };

    /// <summary>#20308 serving the newest waiter once the oldest has waited 100 ms (CoDel's interval, as Fail at
    /// Scale pairs the two).</summary>
    public static readonly WaitlistVariant AdaptiveLifo = Fixed with { Name = "adaptive-lifo", Order = WaitlistOrder.AdaptiveLifo };

    public static IReadOnlyList<WaitlistVariant> Presets { get; } = [Buggy, Fixed, CoDel, AdaptiveLifo];

    /// <summary>Which live waiter a returner serves.</summary>
    public WaitlistOrder Order { get; init; } = WaitlistOrder.Fifo;

    /// <summary>With <see cref="WaitlistOrder.AdaptiveLifo"/>: the front's wait beyond which the newest is served.</summary>
    public long LifoAfter { get; init; } = 100 * Engine.Units.Millisecond;

    /// <summary>CoDel shedding, or null (off).</summary>
    public CoDelSettings? Shedding { get; init; }

    public static string OrderName(WaitlistOrder order) =>
        order switch
        {
            WaitlistOrder.Lifo => "lifo",
            WaitlistOrder.AdaptiveLifo => "adaptive-lifo",
            _ => "fifo",
        };

    public string Describe()
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var text =
            $"expiry_check={ExpiryCheck.ToString().ToLowerInvariant()}, handoff={(BufferedHandoff ? "buffered" : "unbuffered")}, "
            + $"self_removal={(SelfRemoval == SelfRemoval.O1 ? "o1" : "scan")}, "
            + $"max_waiters={(MaxWaiters == 0 ? "off" : MaxWaiters.ToString(inv))}";
        if (Order != WaitlistOrder.Fifo)
            text +=
                $", order={OrderName(Order)}"
                + (Order == WaitlistOrder.AdaptiveLifo ? $", lifo_after={Engine.Units.FormatDuration(LifoAfter)}" : "");
        if (Shedding is { } c)
            text += $", codel={{target {Engine.Units.FormatDuration(c.Target)}, interval {Engine.Units.FormatDuration(c.Interval)}}}";
        return text;
    }

    /// <summary>Why this combination cannot run, or null.</summary>
    public string? Problem() =>
        ExpiryCheck == ExpiryCheck.Evict && !BufferedHandoff
            ? "expiry_check 'evict' needs handoff 'buffered' (the eviction send happens under wl.mu and would block on an unbuffered "
                + "channel; use 'skip')"
        : Shedding is not null && !BufferedHandoff
            ? "codel needs handoff 'buffered' (a shed waiter is sent nil under wl.mu, which would block on an unbuffered channel)"
        : Shedding is { } c && (c.Target <= 0 || c.Interval <= 0) ? "codel's target and interval must be positive"
        : LifoAfter < 0 ? "lifo_after must not be negative"
        : MaxWaiters < 0 ? "max_waiters must be 0 (off) or positive"
        : null;
}
