namespace StallSim.PoolModel.Server;

/// <summary>The gauges of a tablet at one instant, as its dashboards would show them.</summary>
/// <param name="InUse">The pool's <c>borrowed</c> (vttablet's InUse).</param>
/// <param name="Active">Open connections (Active).</param>
/// <param name="Idle">Connections on the idle stack.</param>
/// <param name="Returning">Connections in the return path (put → hand-off), counted neither in use nor idle.</param>
/// <param name="Dialing">Connections being dialed.</param>
/// <param name="WaitlistLength">Waiters in the waitlist's list.</param>
/// <param name="MutexWaiters">Goroutines blocked on wl.mu.</param>
/// <param name="MutexStarving">wl.mu is in starvation mode.</param>
/// <param name="Goroutines">Live goroutines.</param>
/// <param name="OnWaitlistMutex">Goroutines at a wl.mu.Lock() site.</param>
/// <param name="Totals">The pool's counters since the tablet started.</param>
/// <param name="LongestMutexWait">The longest any goroutine has waited in wl.mu.Lock since the tablet started, in ns
/// (<see cref="Go.Mutex.LongestWait"/>).</param>
public readonly record struct TabletSnapshot(
    int InUse,
    int Active,
    int Idle,
    int Returning,
    int Dialing,
    int WaitlistLength,
    int MutexWaiters,
    bool MutexStarving,
    int Goroutines,
    int OnWaitlistMutex,
    PoolTotals Totals,
    long LongestMutexWait
);

/// <summary>The pool's cumulative counters; those of tablets replaced by restarts add up.</summary>
public readonly record struct PoolTotals(
    long Evictions,
    long Acquisitions,
    long WaitCount,
    long WaitTimeNanos,
    long ExpiredHandoffs,
    long ResourceExhausted
)
{
    public static PoolTotals operator +(PoolTotals a, PoolTotals b) =>
        new(
            a.Evictions + b.Evictions,
            a.Acquisitions + b.Acquisitions,
            a.WaitCount + b.WaitCount,
            a.WaitTimeNanos + b.WaitTimeNanos,
            a.ExpiredHandoffs + b.ExpiredHandoffs,
            a.ResourceExhausted + b.ResourceExhausted
        );
}
