using StallSim.PoolModel.Server;
using StallSim.PoolModel.Go;
using StallSim.Engine;
using StallSim.PoolModel.Observe;
using StallSim.PoolModel.Pool;
using StallSim.PoolModel.Waitlist;
using StallSim.PoolModel.Workload;

namespace StallSim.PoolModel.Tests;

/// <summary>
/// The fixed pool with every lock and scheduling cost at zero, exponential service and exponential
/// patience (the deadline) is an M/M/c+M queue with FIFO service: Erlang-A. Its abandonment probability and
/// the mean wait of served requests must match the analytic values.
/// </summary>
public class ErlangATests
{
    private sealed record Theory(double AbandonProbability, double MeanWaitOfServed, double MeanWaitOfServedThatWaited);

    /// <summary>Erlang-A by its birth-death chain (rates: λ up; min(n,c)μ + max(n−c,0)θ down) and, for an arrival
    /// that finds k waiting ahead, the stages it must survive: each at rate cμ + iθ (i ahead), against its own
    /// abandonment at rate θ.</summary>
    private static Theory ErlangA(int c, double lambda, double mu, double theta)
    {
        const int max = 2000;
        var p = new double[max + 1];
        p[0] = 1;
        for (var n = 1; n <= max; n++) p[n] = p[n - 1] * lambda / (Math.Min(n, c) * mu + Math.Max(n - c, 0) * theta);
        var total = p.Sum();
        double served = 0, servedWait = 0, servedThatWaited = 0;
        for (var n = 0; n <= max; n++)
        {
            var pn = p[n] / total;
            if (n < c)
            {
                served += pn;
                continue;
            }
            double survive = 1, wait = 0;
            for (var i = n - c; i >= 0; i--)
            {
                var rate = c * mu + i * theta;
                survive *= rate / (rate + theta);
                wait += 1 / (rate + theta);
            }
            served += pn * survive;
            servedThatWaited += pn * survive;
            servedWait += pn * survive * wait;
        }
        return new Theory(1 - served, servedWait / served, servedWait / servedThatWaited);
    }

    private static (double Abandon, double MeanWait, double WaitTimeMean) Simulate(int c, double load, ulong seed)
    {
        const double meanService = 1, meanPatience = 1;
        var rate = load * c / meanService;
        var scenario = new Scenario
        {
            Name = "erlang-a",
            Horizon = 60_000 * Units.Second,
            SampleEvery = 60 * Units.Second,
            CensusAt = [60_000 * Units.Second],
            Pool = new PoolSettings { Capacity = c, Dial = 0 },
            Workload = new WorkloadSettings
            {
                Rate = rate,
                Deadline = new DurationDistribution.Exponential(Units.FromSeconds(meanPatience)),
                Service = new DurationDistribution.Exponential(Units.FromSeconds(meanService)),
                CutQueryAtDeadline = false,
            },
            Runtime = new RuntimeSettings { MutexHandoff = 0, Wake = 0 },
            Costs = new CodeCosts { ListPush = 0, ScanPerElement = ScanCost.Constant(0), CtxCheck = 0, ChanSend = 0, DeadRequest = 0 },
        };
        var world = new World(scenario, WaitlistVariant.Fixed, seed);
        var result = world.Run();
        var counters = world.Counters;
        var arrived = counters.Acquired + counters[Outcome.PoolTimeout];
        Assert.Equal(0, counters[Outcome.DeadOnArrival]);
        return (counters[Outcome.PoolTimeout] / (double)arrived, Units.ToSeconds(counters.AcquireWaitNanos) / counters.Acquired,
            result.Summary.Counts.WaitTimeMeanMs!.Value / 1000);
    }

    [Theory]
    [InlineData(0.9)]
    [InlineData(1.2)]
    public void Fixed_pool_with_free_locks_matches_Erlang_A(double load)
    {
        const int c = 20;
        var theory = ErlangA(c, load * c, 1, 1);
        var (abandon, meanWait, waitTimeMean) = Simulate(c, load, 42);
        Assert.InRange(abandon, theory.AbandonProbability * 0.97, theory.AbandonProbability * 1.03);
        Assert.InRange(meanWait, theory.MeanWaitOfServed * 0.97, theory.MeanWaitOfServed * 1.03);
        // vttablet's WaitTime/WaitCount: the mean wait of the successful Gets that had to wait in the waitlist.
        Assert.InRange(waitTimeMean, theory.MeanWaitOfServedThatWaited * 0.97, theory.MeanWaitOfServedThatWaited * 1.03);
    }
}
