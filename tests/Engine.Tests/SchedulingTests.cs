using CsCheck;
using StallSim.Engine;

namespace StallSim.Engine.Tests;

public class SchedulingTests
{
    [Fact]
    public void Events_due_at_the_same_time_run_in_scheduling_order()
    {
        var sim = new Simulation();
        var order = new List<string>();

        IEnumerable<Wait> Sleeper(string name, long delay)
        {
            yield return Wait.For(delay);
            order.Add(name);
        }

        // Scheduled in this order, all due at 5ns; one zero-delay chain joins at 5ns after them.
        sim.Start(Sleeper("a", 5));
        sim.Start(Sleeper("b", 5));
        sim.Start(Sleeper("c", 5));
        IEnumerable<Wait> Late()
        {
            yield return Wait.For(5);
            order.Add("d");
            yield return Wait.For(0);
            order.Add("d-again");
        }
        sim.Start(Late());
        sim.Start(Sleeper("e", 5));
        sim.Run();
        Assert.Equal(["a", "b", "c", "d", "e", "d-again"], order);
        Assert.Equal(5, sim.Now);
    }

    [Fact]
    public void Many_processes_with_colliding_times_are_dispatched_in_time_then_scheduling_order()
    {
        // Delays from a handful of values make many entries share a time deep in the heap, where the earliest
        // of eight children is chosen by vector compares and ties go by sequence. Every entry pushed later has
        // a later sequence and a time no earlier than now, so the dispatch trace must rise strictly.
        Gen.Select(Gen.Int[1, 2000], Gen.Long[1, 8].Array[1, 16]).Sample((processes, delays) =>
        {
            var sim = new Simulation();
            var trace = new List<(long Time, long Sequence)>();
            sim.Trace = (time, sequence) => trace.Add((time, sequence));
            IEnumerable<Wait> Body(int id)
            {
                for (var i = id; ; i++) yield return Wait.For(delays[i % delays.Length]);
            }
            for (var p = 0; p < processes; p++) sim.Start(Body(p));
            sim.Run(until: 40);
            Assert.NotEmpty(trace);
            for (var i = 1; i < trace.Count; i++)
                Assert.True(trace[i - 1].CompareTo(trace[i]) < 0, $"entry {i} ({trace[i]}) came out after {trace[i - 1]}");
        }, iter: 60);
    }

    [Fact]
    public void Thousands_of_timers_spread_from_nanoseconds_to_seconds_all_fire_on_time_and_in_order()
    {
        // Enough pending timers that the queue moves its far future into time buckets, and delays from 1 ns to
        // 2 s so that buckets, the grid's overflow and regridding all take part. Each process knows when it
        // should wake (the sums of its delays); every wake-up must come then, and the trace must rise strictly.
        Gen.Select(Gen.Int[4_000, 12_000], Gen.Long[1, 2_000_000_000].Array[1, 8], Gen.Int[1, 1_000_000]).Sample((processes, delays, small) =>
        {
            var sim = new Simulation();
            var trace = new List<(long Time, long Sequence)>();
            sim.Trace = (time, sequence) => trace.Add((time, sequence));
            var wrongWakes = 0;
            var wakes = 0L;
            IEnumerable<Wait> Body(int id)
            {
                var due = 0L;
                for (var i = id; ; i++)
                {
                    var delay = i % 3 == 0 ? 1 + (id + i) % small : delays[i % delays.Length];
                    due += delay;
                    yield return Wait.For(delay);
                    if (sim.Now != due) wrongWakes++;
                    wakes++;
                }
            }
            const long until = 3_000_000_000;
            for (var p = 0; p < processes; p++) sim.Start(Body(p));
            sim.Run(until);
            var expectedWakes = 0L;
            for (var id = 0; id < processes; id++)
                for (long i = id, due = 0; ; i++)
                {
                    due += i % 3 == 0 ? 1 + (id + i) % small : delays[i % delays.Length];
                    if (due >= until) break;
                    expectedWakes++;
                }
            Assert.Equal(0, wrongWakes);
            Assert.Equal(expectedWakes, wakes);
            for (var i = 1; i < trace.Count; i++)
                Assert.True(trace[i - 1].CompareTo(trace[i]) < 0, $"entry {i} ({trace[i]}) came out after {trace[i - 1]}");
        }, iter: 20);
    }

    [Fact]
    public void A_cancelled_timer_never_fires()
    {
        var sim = new Simulation();
        var timer = sim.Timeout(10);
        var resumed = false;

        IEnumerable<Wait> Waiter()
        {
            yield return Wait.On(timer);
            resumed = true;
        }

        IEnumerable<Wait> Canceller()
        {
            yield return Wait.For(3);
            timer.Cancel();
        }

        sim.Start(Waiter());
        sim.Start(Canceller());
        sim.Run(1_000);
        Assert.False(resumed);
        Assert.True(timer.IsPending);
    }

    [Fact]
    public void A_timer_that_is_not_cancelled_fires_at_its_time()
    {
        var sim = new Simulation();
        var timer = sim.Timeout(10);
        long resumedAt = -1;

        IEnumerable<Wait> Waiter()
        {
            yield return Wait.On(timer);
            resumedAt = sim.Now;
        }

        sim.Start(Waiter());
        sim.Run();
        Assert.Equal(10, resumedAt);
    }

    [Fact]
    public void Waiting_on_the_first_of_two_events_resumes_once_with_the_winner()
    {
        var sim = new Simulation();
        var early = sim.Timeout(4);
        var late = sim.Timeout(9);
        var resumptions = new List<(long At, SimEvent? By)>();

        IEnumerable<Wait> Selector()
        {
            yield return Wait.AnyOf(late, early);
            resumptions.Add((sim.Now, sim.ActiveProcess!.ResumedBy));
            yield return Wait.For(100);   // still alive when the loser fires at 9
        }

        sim.Start(Selector());
        sim.Run();
        var only = Assert.Single(resumptions);
        Assert.Equal(4, only.At);
        Assert.Same(early, only.By);
        Assert.True(late.IsProcessed);
    }

    [Fact]
    public void An_event_or_a_timeout_resumes_with_null_when_the_timeout_wins()
    {
        var sim = new Simulation();
        var never = sim.Event();
        var resumptions = new List<(long, SimEvent?)>();

        IEnumerable<Wait> Body()
        {
            yield return Wait.OnOrTimeout(never, 7);
            resumptions.Add((sim.Now, sim.ActiveProcess!.ResumedBy));
        }

        sim.Start(Body());
        sim.Run();
        Assert.Equal([(7L, (SimEvent?)null)], resumptions);
    }

    [Fact]
    public void Waiting_on_a_processed_event_continues_at_once()
    {
        var sim = new Simulation();
        var ev = sim.Event();
        var log = new List<long>();

        IEnumerable<Wait> Trigger()
        {
            yield return Wait.For(2);
            ev.Succeed("hello");
        }

        IEnumerable<Wait> LateWaiter()
        {
            yield return Wait.For(5);
            yield return Wait.On(ev);
            log.Add(sim.Now);
        }

        sim.Start(Trigger());
        sim.Start(LateWaiter());
        sim.Run();
        Assert.Equal([5L], log);
        Assert.Equal("hello", ev.Value);
    }

    [Fact]
    public void A_process_can_wait_for_another_process_to_finish()
    {
        var sim = new Simulation();
        IEnumerable<Wait> Child() { yield return Wait.For(30); }
        long joinedAt = -1;
        IEnumerable<Wait> Parent()
        {
            var child = sim.Start(Child());
            yield return Wait.On(child);
            joinedAt = sim.Now;
        }
        sim.Start(Parent());
        sim.Run();
        Assert.Equal(30, joinedAt);
        Assert.Equal(0, sim.LiveProcesses);
    }

    [Fact]
    public void Resource_serves_in_arrival_order()
    {
        var sim = new Simulation();
        var res = sim.Resource(1);
        var served = new List<int>();
        IEnumerable<Wait> Customer(int id, long arriveAt)
        {
            yield return Wait.For(arriveAt);
            yield return res.Request();
            served.Add(id);
            yield return Wait.For(10);
            res.Release();
        }
        sim.Start(Customer(1, 0));
        sim.Start(Customer(2, 3));
        sim.Start(Customer(3, 2));
        sim.Run();
        Assert.Equal([1, 3, 2], served);
        Assert.Equal(30, sim.Now);
    }

    [Fact]
    public void Run_until_stops_before_events_due_at_the_horizon()
    {
        var sim = new Simulation();
        var ticks = 0;
        IEnumerable<Wait> Ticker()
        {
            while (true)
            {
                yield return Wait.For(10);
                ticks++;
            }
        }
        sim.Start(Ticker());
        sim.Run(50);
        Assert.Equal(4, ticks);   // 10, 20, 30, 40; the one at 50 is not processed
        Assert.Equal(50, sim.Now);
    }

    [Fact]
    public void Counters_track_events_processes_and_queue_size()
    {
        var sim = new Simulation();
        IEnumerable<Wait> Body() { yield return Wait.For(1); }
        for (var i = 0; i < 3; i++) sim.Start(Body());
        Assert.Equal(3, sim.LiveProcesses);
        sim.Run();
        Assert.Equal(0, sim.LiveProcesses);
        Assert.Equal(6, sim.EventsProcessed);   // 3 starts + 3 delays
        Assert.Equal(3, sim.PeakQueueSize);
    }
}
