using StallSim.Engine;
using StallSim.PoolModel.Go;
using StallSim.PoolModel.Waitlist;

namespace StallSim.PoolModel.Tests;

/// <summary>Channel and select semantics (docs/model.md#channels, docs/model.md#select).</summary>
public class GoChannelTests
{
    private sealed class Item(string name)
    {
        public string Name { get; } = name;
    }

    private static GoRuntime NewRuntime(ulong seed = 1) =>
        new(new Simulation(seed), new RuntimeSettings { Wake = 100, MutexHandoff = 100 });

    private static IEnumerable<Wait> Sender(Goroutine g, Chan<Item> ch, long at, List<(string, long)> log)
    {
        yield return Wait.For(at);
        if (!ch.TrySend(g, new Item("x"))) yield return g.Park(BlockingSites.HandoffSend);
        log.Add(("sent", g.Now));
    }

    private static IEnumerable<Wait> Receiver(Goroutine g, Chan<Item> ch, long at, List<(string, long)> log)
    {
        yield return Wait.For(at);
        if (ch.ReceiveReady) ch.Receive();
        else
        {
            ch.ParkReceiver(g);
            yield return g.Park(BlockingSites.FallbackReceive);
            Assert.True(ch.TakeDelivered(out _));
        }
        log.Add(("received", g.Now));
    }

    [Fact]
    public void An_unbuffered_send_blocks_until_a_receiver_arrives()
    {
        var rt = NewRuntime();
        var ch = new Chan<Item>(0);
        var log = new List<(string, long)>();
        rt.Go(g => Sender(g, ch, 10, log), Site.Runnable);
        rt.Go(g => Receiver(g, ch, 5_000, log), Site.Runnable);
        rt.Sim.Run();
        // The receiver takes the value at once; the sender runs after its wake latency.
        Assert.Equal([("received", 5_000L), ("sent", 5_100L)], log);
    }

    [Fact]
    public void A_send_to_a_parked_receiver_does_not_block()
    {
        var rt = NewRuntime();
        var ch = new Chan<Item>(0);
        var log = new List<(string, long)>();
        rt.Go(g => Receiver(g, ch, 0, log), Site.Runnable);
        rt.Go(g => Sender(g, ch, 3_000, log), Site.Runnable);
        rt.Sim.Run();
        Assert.Equal([("sent", 3_000L), ("received", 3_100L)], log);
    }

    [Fact]
    public void A_send_into_an_empty_buffer_does_not_block_and_a_full_one_does()
    {
        var rt = NewRuntime();
        var ch = new Chan<Item>(1);
        var results = new List<bool>();
        IEnumerable<Wait> Body(Goroutine g)
        {
            results.Add(ch.TrySend(g, new Item("a")));
            results.Add(ch.TrySend(g, new Item("b")));
            yield break;
        }
        rt.Go(Body, Site.Runnable);
        rt.Sim.Run();
        Assert.Equal([true, false], results);
        Assert.True(ch.ReceiveReady);
        Assert.Equal("a", ch.Receive()!.Name);
    }

    [Fact]
    public void A_nil_value_is_delivered_as_a_value()
    {
        var rt = NewRuntime();
        var ch = new Chan<Item>(1);
        IEnumerable<Wait> Body(Goroutine g)
        {
            ch.TrySend(g, null);
            yield break;
        }
        rt.Go(Body, Site.Runnable);
        rt.Sim.Run();
        Assert.True(ch.ReceiveReady);
        Assert.Null(ch.Receive());
        Assert.False(ch.ReceiveReady);
    }

    private static IEnumerable<Wait> Selecting(Goroutine g, Chan<Item> ch, Context ctx, RandomStream ties, Returns<Item> outcome, long at)
    {
        yield return Wait.For(at);
        Item? value = null;
        var won = Select.Poll(ch, ctx, ties);
        if (won is null)
        {
            yield return Select.Park(g, BlockingSites.ParkedInSelect, ch, ctx);
            won = Select.Woken(g, ch, ctx, out value);
            if (won == SelectCase.Done && g.TimedOut) yield return g.AfterTimer();
        }
        else if (won == SelectCase.Received) value = ch.Receive();
        if (won == SelectCase.Received) outcome.Value = value;
        else outcome.Err = Context.DeadlineExceeded;
    }

    [Fact]
    public void Select_parks_until_the_deadline_when_nothing_is_sent_then_runs_after_the_wake_latency()
    {
        var rt = NewRuntime();
        var ch = new Chan<Item>(0);
        var ctx = new Context(rt, 1_000);
        var outcome = new Returns<Item>();
        long endedAt = -1;
        IEnumerable<Wait> Body(Goroutine g)
        {
            foreach (var w in Selecting(g, ch, ctx, rt.Sim.Random["select"], outcome, 0)) yield return w;
            endedAt = g.Now;
        }
        rt.Go(Body, Site.Runnable);
        rt.Sim.Run();
        Assert.Equal(Context.DeadlineExceeded, outcome.Err);
        Assert.Equal(1_000 + 100, endedAt);   // deadline, then the 100 ns wake of this runtime
    }

    [Fact]
    public void A_value_handed_to_a_parked_select_wins_even_if_the_deadline_passes_before_it_runs()
    {
        var rt = NewRuntime();
        var ch = new Chan<Item>(0);
        var ctx = new Context(rt, 1_050);   // fires 50ns after the send, before the 100ns wake
        var outcome = new Returns<Item>();
        var log = new List<(string, long)>();
        rt.Go(g => Selecting(g, ch, ctx, rt.Sim.Random["select"], outcome, 0), Site.Runnable);
        rt.Go(g => Sender(g, ch, 1_000, log), Site.Runnable);
        rt.Sim.Run();
        Assert.Null(outcome.Err);
        Assert.Equal("x", outcome.Value!.Name);
        Assert.Equal([("sent", 1_000L)], log);
    }

    [Fact]
    public void When_both_cases_are_ready_select_picks_each_sometimes()
    {
        var received = 0;
        var done = 0;
        for (ulong seed = 1; seed <= 40; seed++)
        {
            var rt = NewRuntime(seed);
            var ch = new Chan<Item>(1);
            var ctx = new Context(rt, 10);
            var outcome = new Returns<Item>();
            IEnumerable<Wait> Fill(Goroutine g)
            {
                ch.TrySend(g, new Item("x"));
                yield break;
            }
            rt.Go(Fill, Site.Runnable);
            rt.Go(g => Selecting(g, ch, ctx, rt.Sim.Random["select"], outcome, 100), Site.Runnable);
            rt.Sim.Run();
            if (outcome.Err is null) received++;
            else done++;
        }
        Assert.InRange(received, 8, 32);
        Assert.InRange(done, 8, 32);
    }
}
