using System.Globalization;
using StallSim.PoolModel;
using StallSim.PoolModel.Workload;
using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Cli;

/// <summary>
/// The work a scenario asks for, estimated before anything runs, so that a typo (a rate of 10^12/s, a horizon
/// of a century) is refused at once instead of running for days or eating the machine's memory.
/// </summary>
public static class Work
{
    /// <summary>Default --max-events: about 15 minutes of one core at 400 ns per event.</summary>
    public const long DefaultMaxEvents = 2_000_000_000;

    /// <summary>Simulated events per request, an upper figure: the shipped scenarios take 8.5 (seed-stall,
    /// recovering) to 13 (seed-stall stalled, with a 100 ns walk) events per request (summary.csv's events over
    /// the requests that arrived), scheduler events included.</summary>
    public const double EventsPerRequest = 16;

    /// <summary>Live goroutines the simulator is asked to hold at once, at most: about 1.5 KB each (seed-stall
    /// stalled holds 50,000 in 500 MB with its samples), so 5,000,000 is several GB.</summary>
    public const double MaxLiveGoroutines = 5_000_000;

    /// <summary>Estimated events of every run of <paramref name="s"/> (each variant and seed): the requests', and
    /// the clocks that tick whatever the load: the pool's worker, sysmon's time slice on each processor, the sampler.</summary>
    public static double Events(Scenario s) =>
        (Arrivals(s) * (1 + s.Workload.Retries.Max) * EventsPerRequest + Ticks(s)) * s.Variants.Count * s.Seeds.Count;

    private static double Ticks(Scenario s)
    {
        double horizon = s.Horizon;
        var worker = horizon / Math.Max(1, s.Pool.WorkerInterval);
        var slices = s.Runtime.Procs > 0 ? horizon / Math.Max(1, s.Runtime.Scheduler.TimeSlice) * s.Runtime.Procs : 0;
        var samples = horizon / Math.Max(1, s.SampleEvery);
        return worker + slices + samples;
    }

    /// <summary>Bytes one sample of a run holds (a <see cref="PoolModel.Observe.Sample"/> and its share of the
    /// lists: measured, 10^7 samples took 8.5 GB).</summary>
    public const double BytesPerSample = 850;

    /// <summary>Bytes one live goroutine holds with its request, context, timer and list node (measured: 1.2 KB,
    /// docs/benchmarks.md), rounded up.</summary>
    public const double BytesPerGoroutine = 1500;

    /// <summary>The memory one run may need, at most, before it is refused without --force: 4 GB, a sixth of
    /// this project's machine, so that two jobs and the rest of the system fit.</summary>
    public const double MemoryBudgetBytes = 4.0 * (1L << 30);

    /// <summary>Bytes one run of <paramref name="s"/> holds at its peak, estimated: its samples and its live goroutines.</summary>
    public static double Memory(Scenario s) =>
        s.Horizon / (double)Math.Max(1, s.SampleEvery) * BytesPerSample + LiveGoroutines(s) * BytesPerGoroutine;

    private static double Arrivals(Scenario s) => new LoadProfile(s.Workload).ExpectedArrivals(s.Horizon);

    /// <summary>Goroutines alive at once, at most: the highest arrival rate (retries included) times how long a
    /// request can live (its wait, bounded by its deadline, a stage's if longer, or the pool's timeout, then its query).</summary>
    public static double LiveGoroutines(Scenario s)
    {
        var rate = new LoadProfile(s.Workload).MaxRate(s.Horizon) * (1 + s.Workload.Retries.Max);
        var wait = s.Workload.Stages.Select(st => st.Deadline?.Mean ?? 0).Append(s.Workload.Deadline.Mean).Max();
        if (s.Pool.Timeout > 0)
            wait = Math.Min(wait, s.Pool.Timeout);
        var life = Math.Min(s.Horizon, wait + s.Workload.Service.Mean);
        return rate * life / 1e9;
    }

    /// <summary>Refuses <paramref name="s"/> if its estimated work is above the limits, unless forced.</summary>
    public static void Check(Scenario s, long? maxEvents, bool force) =>
        Check(s.Name, Events(s), LiveGoroutines(s), maxEvents, force, Memory(s));

    public static void Check(string what, double events, double live, long? maxEvents, bool force, double memory = 0)
    {
        if (maxEvents is <= 0)
            throw new InputException($"--max-events {maxEvents}: expected a positive number of events");
        var limit = maxEvents ?? DefaultMaxEvents;
        if (force)
            return;
        var inv = CultureInfo.InvariantCulture;
        if (events > limit)
            throw new InputException(
                string.Create(
                    inv,
                    $"{what}: about {events:0.##e0} simulated events (workload.rate over the horizon, retries, variants and seeds, and "
                        + $"the worker, time-slice and sampling clocks), above --max-events {limit:N0}; raise it or add --force"
                )
            );
        if (live > MaxLiveGoroutines)
            throw new InputException(
                string.Create(
                    inv,
                    $"{what}: about {live:0.##e0} goroutines alive at once (the highest arrival rate times a request's life), above "
                        + $"{MaxLiveGoroutines:N0}; add --force to run it anyway"
                )
            );
        if (memory > MemoryBudgetBytes)
            throw new InputException(
                string.Create(
                    inv,
                    $"{what}: about {memory / (1L << 30):0.#} GB for one run (its samples and live goroutines: horizon / sample_every, "
                        + $"and the highest arrival rate times a request's life), above the budget of {MemoryBudgetBytes / (1L << 30):0} "
                        + $"GB; raise sample_every, or add --force"
                )
            );
    }
}
