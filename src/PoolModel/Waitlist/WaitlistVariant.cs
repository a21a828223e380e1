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

/// <summary>
/// One waitlist algorithm, as a set of switches, one per ingredient of the stall (docs/model.md#the-waitlists-versions).
/// <see cref="Buggy"/> is release-23.0, <see cref="Fixed"/> is PR #20308; ablations flip one switch.
/// </summary>
public sealed record WaitlistVariant(
    string Name,
    ExpiryCheck ExpiryCheck,
    bool BufferedHandoff,
    SelfRemoval SelfRemoval,
    int MaxWaiters)
{
    public static readonly WaitlistVariant Buggy = new("buggy", ExpiryCheck.None, false, SelfRemoval.Scan, 0);

    public static readonly WaitlistVariant Fixed = new("fixed", ExpiryCheck.Evict, true, SelfRemoval.O1, 0);

    public static IReadOnlyList<WaitlistVariant> Presets { get; } = [Buggy, Fixed];

    public string Describe() =>
        $"expiry_check={ExpiryCheck.ToString().ToLowerInvariant()}, handoff={(BufferedHandoff ? "buffered" : "unbuffered")}, " +
        $"self_removal={(SelfRemoval == SelfRemoval.O1 ? "o1" : "scan")}, max_waiters={(MaxWaiters == 0 ? "off" : MaxWaiters.ToString(System.Globalization.CultureInfo.InvariantCulture))}";

    /// <summary>Why this combination cannot run, or null.</summary>
    public string? Problem() =>
        ExpiryCheck == ExpiryCheck.Evict && !BufferedHandoff
            ? "expiry_check 'evict' needs handoff 'buffered' (the eviction send happens under wl.mu and would block on an unbuffered channel; use 'skip')"
            : MaxWaiters < 0 ? "max_waiters must be 0 (off) or positive" : null;
}
