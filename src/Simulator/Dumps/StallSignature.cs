using System.Globalization;
using StallSim.PoolModel.Server;
using static StallSim.PoolModel.Waitlist.BlockingSites;

namespace StallSim.Simulator.Dumps;

/// <summary>
/// Whether a census has the pattern of vitessio/vitess#20310's dump, criterion by criterion with its figure, so
/// that an operator sees why. The seed's dump: 95% of 19,177 goroutines on wl.mu, 9,342 joining and 8,631
/// removing themselves; all 440 connections with returners (288 at the lock, 152 in the hand-off), none in MySQL;
/// 10 waiters parked in the select.
/// </summary>
public static class StallSignature
{
    public sealed record Criterion(string Name, string Figure, bool Holds);

    /// <summary>Most goroutines on wl.mu: more than half.</summary>
    public const double MostOnMutex = 0.5;

    /// <summary>The split between joining and self-removal: each at least a quarter of the two together.</summary>
    public const double EachSideAtLeast = 0.25;

    /// <summary>Few parked healthily: fewer than one in twenty of those on wl.mu.</summary>
    public const double FewParked = 0.05;

    public static IReadOnlyList<Criterion> Check(GoroutineDump.Census c)
    {
        string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
        string P(double f) => (100 * f).ToString("0.#", CultureInfo.InvariantCulture) + "%";
        var onMutex = c.Sites.Where(s => s.Site.InMutexLock).Sum(s => s.Goroutines);
        int join = c.At(JoinLock),
            remove = c.At(SelfRemovalLock),
            returners = c.At(ReturnerLock) + c.At(HandoffSend);
        int parked = c.At(ParkedInSelect),
            mysql = c.At(TabletSites.MySqlIo);
        var pair = Math.Max(1, join + remove);
        string J = Line(JoinLock),
            R = Line(SelfRemovalLock),
            L = Line(ReturnerLock),
            H = Line(HandoffSend);
        return
        [
            new(
                "most goroutines blocked on the waitlist's mutex (wl.mu)",
                $"{N(onMutex)} of {N(c.Total)} ({P(onMutex / (double)Math.Max(1, c.Total))})",
                onMutex > MostOnMutex * c.Total
            ),
            new(
                $"split between joining ({J}) and removing themselves ({R})",
                $"{J} {N(join)} ({P(join / (double)pair)}), {R} {N(remove)} ({P(remove / (double)pair)})",
                join >= EachSideAtLeast * pair && remove >= EachSideAtLeast * pair && join + remove > 0
            ),
            new(
                $"the connections held by returners ({L}, {H}), none in MySQL I/O",
                $"{N(returners)} returners ({N(c.At(ReturnerLock))} at {L}, {N(c.At(HandoffSend))} at {H}), {N(mysql)} in MySQL I/O",
                returners > 0 && mysql == 0
            ),
            new(
                $"few waiters parked healthily ({Line(ParkedInSelect)})",
                $"{N(parked)} ({P(parked / (double)Math.Max(1, onMutex))} of those on wl.mu)",
                onMutex > 0 && parked < FewParked * onMutex
            ),
        ];
    }

    public static bool Has(IReadOnlyList<Criterion> criteria) => criteria.All(c => c.Holds);

    public static IEnumerable<string> Lines(GoroutineDump.Census c)
    {
        var criteria = Check(c);
        var has = Has(criteria);
        yield return has
            ? "  the #20310 stall: yes"
            : $"  the #20310 stall: no ({criteria.Count(x => !x.Holds)} of {criteria.Count} criteria fail)";
        foreach (var x in criteria)
            yield return $"    [{(x.Holds ? "x" : " ")}] {x.Name}: {x.Figure}";
        if (has)
            yield return "  This is the stall of vitessio/vitess#20310 (expired waiters handed connections behind a wl.mu convoy): "
                + "upgrade to a release "
                + "with vitessio/vitess#20308 (the fixed waitlist); a restart only clears it until the next episode. `stallsim run "
                + "seed-stall` reproduces it.";
    }
}
