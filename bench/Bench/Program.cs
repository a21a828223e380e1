using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using StallSim.Bench;

// Plain-process mode (ENGINE-BENCH.md): `timeouts N T SEED`, `mmc K C RHO SEED`, and the model benchmarks;
// one key=value line, no BenchmarkDotNet. Anything else goes to BenchmarkDotNet's switcher.
var inv = CultureInfo.InvariantCulture;
switch (args.FirstOrDefault())
{
    case "timeouts" when args.Length == 4:
    {
        var bench = new EngineWorkloads.Timeouts(int.Parse(args[1], inv), ulong.Parse(args[3], inv));
        var watch = Stopwatch.StartNew();
        bench.Run(double.Parse(args[2], inv));
        var sec = watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(inv,
            $"timeouts={bench.Count} runSec={sec:F4} timeoutsPerRunSec={bench.Count / sec:F0} peakWorkingSetMB={Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F1}"));
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
    case "timeouts" or "mmc":
        Console.Error.WriteLine("usage: timeouts N T SEED | mmc K C RHO SEED");
        return 2;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(EngineWorkloads).Assembly).Run(args);
        return 0;
}
