using CsCheck;
using StallSim.PoolModel.Go;

namespace StallSim.PoolModel.Tests;

/// <summary>
/// The timer queue gives the order one heap by (when, arming order) would, whatever the mix of timers: runs of
/// timers armed in the order they come due (deadlines), which its lanes take, timers due at the same instant, and
/// timers due at random instants (a query's end), which only the heap can take.
/// </summary>
public class TimerQueueTests
{
    private sealed class TestTimer : Timer
    {
        private protected override void Fired(Processor? p) { }
    }

    [Fact]
    public void Timers_come_out_by_when_then_arming_order()
    {
        // Each op: 0-5 arms a timer in one of six "classes" (a few fixed delays from a clock that moves on, so each
        // class comes due in arming order, plus ties), 6-7 one at a random instant, 8-9 takes the earliest out.
        Gen.Select(Gen.Int[0, 9].Array[200, 2000], Gen.Long[0, 1_000].Array[2000])
            .Sample((ops, jitter) =>
            {
                var queue = new TimerQueue();
                var reference = new SortedSet<(long When, long Order)>();
                var byKey = new Dictionary<(long, long), Timer>();
                long now = 0, order = 0;
                for (var i = 0; i < ops.Length; i++)
                {
                    var op = ops[i];
                    now += jitter[i] % 7;
                    if (op <= 7)
                    {
                        var when = op <= 5 ? now + op * 100 + (op == 5 ? 0 : jitter[i] % 3) : now + jitter[i] * 13;
                        var t = new TestTimer { When = when };
                        queue.Add(t);
                        reference.Add((when, order));
                        byKey[(when, order++)] = t;
                    }
                    else if (reference.Count > 0)
                    {
                        var first = reference.Min;
                        if (!ReferenceEquals(queue.Peek(), byKey[first]))
                            return false;
                        queue.Dequeue();
                        reference.Remove(first);
                    }
                    else if (queue.Peek() is not null)
                        return false;
                }
                // Drain: the rest come out in order too.
                foreach (var key in reference)
                {
                    if (!ReferenceEquals(queue.Peek(), byKey[key]))
                        return false;
                    queue.Dequeue();
                }
                return queue.Peek() is null;
            });
    }
}
