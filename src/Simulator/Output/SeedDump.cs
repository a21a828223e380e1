using StallSim.PoolModel.Go;
using static StallSim.PoolModel.Waitlist.BlockingSites;

namespace StallSim.Simulator.Output;

/// <summary>The production goroutine dump of vitessio/vitess#20310 (the seed): goroutines per site, of 19,177.</summary>
public static class SeedDump
{
    public const int TotalGoroutines = 19_177;

    public static readonly IReadOnlyList<(Site Site, int Goroutines, string What)> Sites =
    [
        (JoinLock, 9_342, "new requests trying to join the waitlist"),
        (SelfRemovalLock, 8_631, "timed-out waiters trying to remove themselves"),
        (ReturnerLock, 288, "connection returners waiting for the mutex"),
        (HandoffSend, 152, "returners blocked in the unbuffered handoff"),
        (ParkedInSelect, 10, "waiters parked healthily in the select"),
    ];
}
