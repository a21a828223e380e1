using System.Numerics;
using System.Runtime.Intrinsics;

namespace StallSim.Engine;

/// <summary>The 8-ary heap of the event queue: times and slots in flat arrays, in heap order.</summary>
internal sealed partial class EventQueue
{
    private bool Earlier(long timeA, int slotA, long timeB, int slotB) =>
        timeA < timeB || (timeA == timeB && _sequences[slotA] < _sequences[slotB]);

    private void PushHeap(long time, int slot)
    {
        if (_heapCount == _times.Length)
        {
            Array.Resize(ref _times, _times.Length * 2);
            Array.Resize(ref _slotOf, _slotOf.Length * 2);
        }
        var times = _times;
        var slots = _slotOf;
        var i = _heapCount++;
        while (i > 0)
        {
            var parent = (i - 1) / Arity;
            if (!Earlier(time, slot, times[parent], slots[parent]))
                break;
            times[i] = times[parent];
            slots[i] = slots[parent];
            i = parent;
        }
        times[i] = time;
        slots[i] = slot;
    }

    private void RemoveHeapTop()
    {
        var times = _times;
        var slots = _slotOf;
        var count = --_heapCount;
        if (count == 0)
            return;
        var lastTime = times[count];
        var lastSlot = slots[count];
        var i = 0;
        while (true)
        {
            var first = i * Arity + 1;
            if (first >= count)
                break;
            var best = first + Arity <= count ? EarliestOfEight(times, slots, first) : EarliestOf(times, slots, first, count);
            var bestTime = times[best];
            if (Earlier(lastTime, lastSlot, bestTime, slots[best]))
                break;
            times[i] = bestTime;
            slots[i] = slots[best];
            i = best;
        }
        times[i] = lastTime;
        slots[i] = lastSlot;
    }

    /// <summary>The earliest of the eight children starting at <paramref name="first"/>, without a branch per
    /// child: the minimum time by vector compares, then its first lane; equal times (rare) go by sequence.</summary>
    private int EarliestOfEight(long[] times, int[] slots, int first)
    {
        ref var group = ref times[first];
        _ = times[first + Arity - 1];
        var low = Vector256.LoadUnsafe(ref group);
        var high = Vector256.LoadUnsafe(ref group, 4);
        var min4 = Vector256.Min(low, high);
        var min2 = Vector128.Min(min4.GetLower(), min4.GetUpper());
        var earliest = Vector256.Create(Math.Min(min2.GetElement(0), min2.GetElement(1)));
        var atMin =
            Vector256.Equals(low, earliest).ExtractMostSignificantBits()
            | (Vector256.Equals(high, earliest).ExtractMostSignificantBits() << 4);
        var best = first + BitOperations.TrailingZeroCount(atMin);
        for (atMin &= atMin - 1; atMin != 0; atMin &= atMin - 1)
        {
            var other = first + BitOperations.TrailingZeroCount(atMin);
            if (_sequences[slots[other]] < _sequences[slots[best]])
                best = other;
        }
        return best;
    }

    private int EarliestOf(long[] times, int[] slots, int first, int end)
    {
        var best = first;
        for (var c = first + 1; c < end; c++)
            if (Earlier(times[c], slots[c], times[best], slots[best]))
                best = c;
        return best;
    }
}
