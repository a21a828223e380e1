using StallSim.Engine;

namespace StallSim.Engine.Tests;

/// <summary>The engine against closed-form queueing results: if event order, resource hand-off or the
/// random streams were wrong, the simulated mean wait would leave the analytic value.</summary>
public class QueueingTheoryTests
{
    /// <summary>A c-server FIFO queue; returns the mean wait in queue, in units of the mean service time.</summary>
    private static double SimulateMeanWait(int servers, double rho, bool deterministicService, int customers, ulong seed)
    {
        var sim = new Simulation(seed);
        var arrivals = sim.Random["arrivals"];
        var service = sim.Random["service"];
        var resource = sim.Resource(servers);
        var meanInterarrival = Units.Second / (rho * servers);
        long sumWait = 0, done = 0;

        IEnumerable<Wait> Customer()
        {
            var arrival = sim.Now;
            yield return resource.Request();
            sumWait += sim.Now - arrival;
            yield return Wait.For(deterministicService ? Units.Second : service.ExponentialNanos(Units.Second));
            resource.Release();
            done++;
        }

        IEnumerable<Wait> Source()
        {
            for (var i = 0; i < customers; i++)
            {
                yield return Wait.For(arrivals.ExponentialNanos(meanInterarrival));
                sim.Start(Customer());
            }
        }

        sim.Start(Source());
        sim.Run();
        Assert.Equal(customers, done);
        return sumWait / (double)done / Units.Second;
    }

    /// <summary>Erlang C: probability that an arrival waits in M/M/c, offered load a = c·rho.</summary>
    private static double ErlangC(int c, double rho)
    {
        var a = c * rho;
        double term = 1, sum = 1;   // sum of a^k/k! for k < c
        for (var k = 1; k < c; k++)
        {
            term *= a / k;
            sum += term;
        }
        var last = term * a / c / (1 - rho);
        return last / (sum + last);
    }

    [Fact]
    public void MM1_mean_wait_matches_theory()
    {
        const double rho = 0.8;
        var expected = rho / (1 - rho);             // Wq = rho / (mu - lambda) with mu = 1
        var simulated = SimulateMeanWait(1, rho, false, 2_000_000, 11);
        Assert.InRange(simulated, expected * 0.97, expected * 1.03);
    }

    [Fact]
    public void MMc_mean_wait_matches_Erlang_C()
    {
        const int c = 10;
        const double rho = 0.9;
        var expected = ErlangC(c, rho) / (c * (1 - rho));   // Wq = C / (c·mu − lambda)
        var simulated = SimulateMeanWait(c, rho, false, 2_000_000, 12);
        Assert.InRange(simulated, expected * 0.97, expected * 1.03);
    }

    [Fact]
    public void MD1_mean_wait_matches_Pollaczek_Khinchine()
    {
        const double rho = 0.8;
        var expected = rho / (2 * (1 - rho));       // Wq = rho / (2·mu·(1 − rho)) for constant service
        var simulated = SimulateMeanWait(1, rho, true, 2_000_000, 13);
        Assert.InRange(simulated, expected * 0.97, expected * 1.03);
    }

    [Fact]
    public void Different_seeds_give_different_samples()
    {
        var a = SimulateMeanWait(1, 0.8, false, 20_000, 1);
        var b = SimulateMeanWait(1, 0.8, false, 20_000, 2);
        Assert.NotEqual(a, b);
    }
}
