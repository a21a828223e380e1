using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using StallSim.Bench;
using StallSim.Engine;

// Plain-process mode (docs/benchmarks.md#engine-benchmarks): `timeouts N T SEED`, `mmc K C RHO SEED`, and the model benchmarks;
// one key=value line, no BenchmarkDotNet. Anything else goes to BenchmarkDotNet's switcher.
var inv = CultureInfo.InvariantCulture;
switch (args.FirstOrDefault())
{
    case "timeouts" when args.Length == 4:
    {
        var bench = new EngineWorkloads.Timeouts(int.Parse(args[1], inv), ulong.Parse(args[3], inv));
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        bench.Run(double.Parse(args[2], inv));
        var sec = watch.Elapsed.TotalSeconds;
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Console.WriteLine(string.Create(inv,
            $"timeouts={bench.Count} runSec={sec:F4} timeoutsPerRunSec={bench.Count / sec:F0} runAllocatedBytes={allocated} peakWorkingSetMB={System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F1}"));
        return 0;
    }
    case "heap-loop" when args.Length == 4:
    {
        var bench = new EngineWorkloads.HeapLoop(int.Parse(args[1], inv), ulong.Parse(args[3], inv));
        var watch = Stopwatch.StartNew();
        bench.Run(double.Parse(args[2], inv));
        var sec = watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(inv, $"timeouts={bench.Count} runSec={sec:F4} timeoutsPerRunSec={bench.Count / sec:F0}"));
        return 0;
    }
    case "mmc" when args.Length == 5:
    {
        var bench = new EngineWorkloads.Mmc(int.Parse(args[1], inv), int.Parse(args[2], inv), double.Parse(args[3], inv), ulong.Parse(args[4], inv));
        var watch = Stopwatch.StartNew();
        bench.Run();
        var sec = watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(inv,
            $"done={bench.Done} meanWq={bench.MeanWaitUnits:F5} runSec={sec:F4} customersPerRunSec={bench.Done / sec:F0} finalTime={bench.FinalTimeUnits:F2} kernelEvents={bench.KernelEvents}"));
        return 0;
    }
    case "seed-stall" when args.Length == 2:
    {
        var scenario = ModelWorkloads.SeedStall();
        foreach (var variant in StallSim.PoolModel.Waitlist.WaitlistVariant.Presets)
        {
            var pauseBefore = GC.GetTotalPauseDuration();
            var (result, sec) = ModelWorkloads.Run(scenario, variant, ulong.Parse(args[1], inv));
            var s = result.Summary;
            Console.WriteLine(string.Create(inv,
                $"variant={variant.Name} verdict={s.Verdict.ToString().ToLowerInvariant()} events={s.Events} runSec={sec:F3} eventsPerRunSec={s.Events / sec:F0} virtualSec={Units.ToSeconds(scenario.Horizon):F0} gcPauseSec={(GC.GetTotalPauseDuration() - pauseBefore).TotalSeconds:F3}"));
        }
        return 0;
    }
    case "waitlist" when args.Length == 3:
        MeasureWaitlist(ModelWorkloads.Waitlist(int.Parse(args[1], inv)), ulong.Parse(args[2], inv));
        return 0;
    case "waitlist-among" when args.Length == 4:
        MeasureWaitlist(ModelWorkloads.WaitlistAmongGoroutines(int.Parse(args[1], inv), int.Parse(args[2], inv)), ulong.Parse(args[3], inv));
        return 0;
    case "parked" when args.Length == 3:
    {
        // COUNT goroutines parked at :60 for the whole run (one connection held for 100 s, deadlines of 100 s): the
        // bytes each holds alive (the heap after a full collection, over the parked count), and the process's peak.
        var count = int.Parse(args[1], inv);
        var scenario = ModelWorkloads.Parked(count);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var world = new StallSim.PoolModel.World(scenario, StallSim.PoolModel.Waitlist.WaitlistVariant.Fixed, ulong.Parse(args[2], inv));
        var watch = Stopwatch.StartNew();
        var result = world.Run();
        var sec = watch.Elapsed.TotalSeconds;
        var live = GC.GetTotalMemory(forceFullCollection: true) - before;
        var parked = result.Samples[^1].WaitlistLength;
        Console.WriteLine(string.Create(inv,
            $"parked={parked} liveBytes={live} bytesPerParked={live / (double)parked:F0} runSec={sec:F3} peakWorkingSetMB={System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0}"));
        // The last waiter's own objects, one by one: the rest of bytesPerParked is its share of the run's arrays.
        var objects = ParkedObjects.Of(world.Tablet.Pool.Wait.List.Back!);
        Console.WriteLine(string.Create(inv,
            $"ownBytes={objects.Sum(o => o.Bytes)} objects: {string.Join(", ", objects.Select(o => $"{o.What} {o.Bytes}"))}"));
        GC.KeepAlive(world);
        return 0;
    }
    case "timeouts" or "heap-loop" or "mmc" or "seed-stall" or "waitlist" or "waitlist-among" or "parked":
        Console.Error.WriteLine("usage: timeouts N T SEED | heap-loop N T SEED | mmc K C RHO SEED | seed-stall SEED | waitlist LENGTH SEED | waitlist-among LENGTH GOROUTINES SEED | parked COUNT SEED");
        return 2;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(EngineWorkloads).Assembly).Run(args);
        return 0;
}

// A saturated release-23 pool: warm up the JIT on a short run, then time a whole one and print what a waitlist
// benchmark reports (the list's and the goroutines' mean size in the second half, cost and bytes per event, GC).
void MeasureWaitlist(StallSim.PoolModel.Scenario scenario, ulong seed)
{
    var buggy = StallSim.PoolModel.Waitlist.WaitlistVariant.Buggy;
    ModelWorkloads.Run(scenario with { Horizon = 10 * Units.Second, CensusAt = [] }, buggy, 99);
    var pauseBefore = GC.GetTotalPauseDuration();
    var allocatedBefore = GC.GetTotalAllocatedBytes(true);
    var (result, sec) = ModelWorkloads.Run(scenario, buggy, seed);
    var allocated = GC.GetTotalAllocatedBytes(true) - allocatedBefore;
    var late = result.Samples.Skip(result.Samples.Count / 2).ToList();
    var events = result.Summary.Events;
    Console.WriteLine(string.Create(inv,
        $"meanWaitlist={late.Average(x => x.WaitlistLength):F0} meanGoroutines={late.Average(x => x.Goroutines):F0} events={events} runSec={sec:F3} nsPerEvent={sec * 1e9 / events:F1} bytesPerEvent={allocated / (double)events:F0} gcs={GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} gcPauseSec={(GC.GetTotalPauseDuration() - pauseBefore).TotalSeconds:F3}"));
}
