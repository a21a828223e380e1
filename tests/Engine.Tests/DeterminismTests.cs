using StallSim.Engine;

namespace StallSim.Engine.Tests;

public class DeterminismTests
{
    /// <summary>A busy little model (random delays, events, races between events and timeouts), hashed over
    /// every dispatched (time, sequence) pair and every random draw that reached a process.</summary>
    private static ulong TraceHash(ulong seed)
    {
        var sim = new Simulation(seed);
        var rng = sim.Random["work"];
        var signal = sim.Event();
        ulong hash = 14695981039346656037UL;
        void Mix(long x)
        {
            hash ^= (ulong)x;
            hash *= 1099511628211UL;
        }
        sim.Trace = (t, s) => { Mix(t); Mix(s); };

        IEnumerable<Wait> Worker()
        {
            for (var i = 0; i < 200; i++)
            {
                yield return Wait.OnOrTimeout(signal, rng.ExponentialNanos(1_000));
                Mix(sim.ActiveProcess!.ResumedBy is null ? 1 : 2);
                if (rng.NextDouble() < 0.01 && signal.IsPending) signal.Succeed();
                else if (signal.IsProcessed) signal.Reset();
            }
        }

        for (var i = 0; i < 50; i++) sim.Start(Worker());
        sim.Run();
        return hash;
    }

    [Fact]
    public void Same_seed_gives_the_same_event_trace()
    {
        Assert.Equal(TraceHash(7), TraceHash(7));
    }

    [Fact]
    public void Another_seed_gives_another_trace()
    {
        Assert.NotEqual(TraceHash(7), TraceHash(8));
    }

    [Fact]
    public void Named_streams_are_independent_of_each_other()
    {
        var a = new RandomStreams(5);
        var b = new RandomStreams(5);
        _ = b["other"].NextDouble();   // drawing from another stream first must not shift "x"
        Assert.Equal(a["x"].NextDouble(), b["x"].NextDouble());
        Assert.NotEqual(new RandomStreams(5)["x"].NextDouble(), new RandomStreams(5)["y"].NextDouble());
    }
}
