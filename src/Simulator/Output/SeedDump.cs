namespace StallSim.Simulator.Output;

/// <summary>The production goroutine dump of vitessio/vitess#20310 (the seed): goroutines per site, of 19,177.</summary>
public static class SeedDump
{
    public const int TotalGoroutines = 19_177;

    public static readonly IReadOnlyList<(string Site, int Goroutines, string What)> Sites =
    [
        ("waitlist.go:55", 9_342, "new requests trying to join the waitlist"),
        ("waitlist.go:89", 8_631, "timed-out waiters trying to remove themselves"),
        ("waitlist.go:149", 288, "connection returners waiting for the mutex"),
        ("waitlist.go:179", 152, "returners blocked in the unbuffered handoff"),
        ("waitlist.go:60", 10, "waiters parked healthily in the select"),
    ];
}
