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

    /// <summary>Bytes one live goroutine costs the process, rounded up: it holds 879-899 bytes with its request, context,
    /// frames and list node (stallsim-bench parked), and a run's peak resident memory came to 1.1 KB per goroutine with
    /// 6.7 million of them on wl.mu (release-23 at upstream's scale, to its horizon). A heap that churns as fast as the
    /// fix's at upstream's scale can take the server GC's peak to twice that (docs/benchmarks.md), so budgets built on it
    /// are estimates, not bounds.</summary>
    public const double BytesPerGoroutine = 1500;

    /// <summary>The live goroutines one run may hold before it stops, unless --force: the memory budget's worth.
    /// The estimate before a run cannot foresee a convoy, which holds every request that arrives.</summary>
    public static int GoroutineBudget => (int)Math.Min(MaxLiveGoroutines, MemoryBudgetBytes / BytesPerGoroutine);

    /// <summary>The live goroutines a run may hold, from the command line: --max-goroutines, none with --force, and
    /// otherwise <see cref="GoroutineBudget"/>.</summary>
    public static int GoroutineLimit(OutputFlags o) =>
        o.Force
            ? int.MaxValue
            : o.MaxGoroutines switch
            {
                null => GoroutineBudget,
                <= 0 => throw new InputException($"--max-goroutines {o.MaxGoroutines}: expected a positive number of goroutines"),
                var n => n.Value,
            };

    /// <summary><paramref name="s"/>, to stop when a request arrives to find <paramref name="limit"/> goroutines alive.</summary>
    public static Scenario Limited(Scenario s, int limit) => s with { GoroutineLimit = limit };

    private static string Size(double bytes) =>
        bytes >= 1L << 30
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1L << 30):0.#} GB")
            : string.Create(CultureInfo.InvariantCulture, $"{bytes / (1 << 20):0.#} MB");

    /// <summary>A run stopped at its goroutine limit, in stallsim's words.</summary>
    public static string Stopped(RunLimitExceeded e) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{e.Scenario}, {e.Variant} seed {e.Seed}: stopped at {e.At / 1e9:0.###} s of virtual time with {e.Goroutines:N0} "
                + $"goroutines alive (about {Size(e.Goroutines * BytesPerGoroutine)} at {BytesPerGoroutine:N0} bytes each), "
                + $"past --max-goroutines {e.Limit:N0}; its outputs were not written; raise --max-goroutines, or add --force to run "
                + $"it whole"
        );

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
