using System.Numerics;
using System.Runtime.Intrinsics;

namespace StallSim.Engine;

/// <summary>
/// The pending-event list, ordered by (time, sequence): entries due at the same instant come out in the
/// order they were scheduled. Three stores keep that order cheaply:
/// <list type="bullet">
/// <item>an 8-ary min-heap for the near future. The heap itself is two flat arrays, the times and a slot
/// number per entry; the rest of an entry (target, token, sequence) sits in a slot table and does not move
/// while the heap is reordered. Choosing the earliest of eight children reads one cache line of times,
/// and the sequence is read only to break a tie.</item>
/// <item>the <see cref="FarFuture"/>: once the heap holds more than a few thousand entries, those due after a
/// near horizon move to unsorted time buckets, which enter the heap one at a time as the clock gets there.
/// The heap stays small enough for the cache, which keeps the cost per event nearly flat as the number of
/// pending entries grows to 100k and more.</item>
/// <item>a FIFO ring for entries scheduled for "now". Every heap entry due now was scheduled before the
/// clock reached now, so it precedes every ring entry; draining heap-due-now first and then the ring is
/// exactly (time, sequence) order, with O(1) cost for the zero-delay wake-ups that dominate a model.</item>
/// </list>
/// Nothing is allocated per entry: arrays grow by doubling and slots are recycled.
/// </summary>
internal sealed class EventQueue
{
    private const int Arity = 8;

    // Heap, in heap order.
    private long[] _times = new long[256];
    private int[] _slotOf = new int[256];
    private int _heapCount;

    // The heap holds the entries due before the near horizon, the far future the others; an empty heap means an
    // empty far future. A heap that outgrows the spill size hands its later entries to the far future.
    private const int SpillSize = 4096;
    private readonly FarFuture _far = new();
    private long _nearHorizon = long.MaxValue;
    private int _spillAt = SpillSize;

    // Slot table for heap entries.
    private Due[] _due = new Due[256]; // what a dispatch reads, together in one 16-byte cell
    private long[] _sequences = new long[256]; // read to break ties (and for traces) only
    private int[] _freeSlots = new int[256];
    private int _freeCount;
    private int _slotsUsed;

    // Ring of entries due now.
    private IEventTarget?[] _ringTargets = new IEventTarget?[256];
    private int[] _ringTokens = new int[256];
    private long[] _ringSequences = new long[256];
    private int _ringHead;
    private int _ringCount;

    private long _nextSequence;

    public int Count => _heapCount + _far.Count + _ringCount;

    public void Push(long now, long time, IEventTarget target, int token)
    {
        var sequence = _nextSequence++;
        if (time == now)
            PushRing(target, token, sequence);
        else if (time >= _nearHorizon)
            _far.Add(time, NewSlot(target, token, sequence));
        else
        {
            PushHeap(time, NewSlot(target, token, sequence));
            if (_heapCount > _spillAt)
                Spill();
        }
    }

    /// <summary>Time of the next entry, or <see cref="long.MaxValue"/> when empty.</summary>
    public long PeekTime(long now)
    {
        if (_ringCount > 0)
            return now;
        return _heapCount > 0 ? _times[0] : long.MaxValue;
    }

    /// <summary>The next entry is the heap's top: it is due now (scheduled before now's ring entries), or the ring
    /// is empty.</summary>
    private bool HeapComesFirst(long now) => _heapCount > 0 && (_times[0] == now || _ringCount == 0);

    /// <summary>The sequence number of the entry that <see cref="Pop"/> would return (for traces).</summary>
    public long PeekSequence(long now) => HeapComesFirst(now) ? _sequences[_slotOf[0]] : _ringSequences[_ringHead];

    public void Pop(long now, out long time, out IEventTarget target, out int token)
    {
        if (HeapComesFirst(now))
        {
            time = _times[0];
            var slot = _slotOf[0];
            RemoveHeapTop();
            if (_heapCount == 0 && _far.Count > 0)
                Refill();
            ref var due = ref _due[slot];
            target = due.Target!;
            token = due.Token;
            due.Target = null;
            _freeSlots[_freeCount++] = slot;
            return;
        }
        time = now;
        target = _ringTargets[_ringHead]!;
        token = _ringTokens[_ringHead];
        _ringTargets[_ringHead] = null;
        _ringHead = (_ringHead + 1) & (_ringTargets.Length - 1);
        _ringCount--;
    }

    /// <summary>The target of the entry that would be popped next (a hint: it may change before then).</summary>
    public IEventTarget? PeekTarget(long now)
    {
        if (HeapComesFirst(now))
            return _due[_slotOf[0]].Target;
        return _ringCount > 0 ? _ringTargets[_ringHead] : null;
    }

    private int NewSlot(IEventTarget target, int token, long sequence)
    {
        int slot;
        if (_freeCount > 0)
            slot = _freeSlots[--_freeCount];
        else
        {
            if (_slotsUsed == _due.Length)
            {
                var size = _due.Length * 2;
                Array.Resize(ref _due, size);
                Array.Resize(ref _sequences, size);
                Array.Resize(ref _freeSlots, size);
            }
            slot = _slotsUsed++;
        }
        ref var due = ref _due[slot];
        due.Target = target;
        due.Token = token;
        _sequences[slot] = sequence;
        return slot;
    }

    private void PushRing(IEventTarget target, int token, long sequence)
    {
        if (_ringCount == _ringTargets.Length)
            GrowRing();
        var tail = (_ringHead + _ringCount) & (_ringTargets.Length - 1);
        _ringTargets[tail] = target;
        _ringTokens[tail] = token;
        _ringSequences[tail] = sequence;
        _ringCount++;
    }

    private void GrowRing()
    {
        var size = _ringTargets.Length * 2;
        var targets = new IEventTarget?[size];
        var tokens = new int[size];
        var sequences = new long[size];
        for (var i = 0; i < _ringCount; i++)
        {
            var j = (_ringHead + i) & (_ringTargets.Length - 1);
            targets[i] = _ringTargets[j];
            tokens[i] = _ringTokens[j];
            sequences[i] = _ringSequences[j];
        }
        _ringTargets = targets;
        _ringTokens = tokens;
        _ringSequences = sequences;
        _ringHead = 0;
    }

    /// <summary>The heap has grown past its spill size: lay a bucket grid over its entries and the far future's,
    /// and keep only the first bucket in the heap. If even that is large (many entries due at nearly the same
    /// time), spill again only once the heap has doubled, so that regridding stays rare.</summary>
    private void Spill()
    {
        _far.Regrid(_times.AsSpan(0, _heapCount), _slotOf.AsSpan(0, _heapCount));
        _heapCount = 0;
        Refill();
        _spillAt = Math.Max(SpillSize, 2 * _heapCount);
    }

    /// <summary>The heap is empty: move the far future's next bucket in.</summary>
    private void Refill()
    {
        if (!_far.TryTakeNext(out var times, out var slots, out _nearHorizon))
            return;
        for (var i = 0; i < times.Length; i++)
            PushHeap(times[i], slots[i]);
    }

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

    private struct Due
    {
        public IEventTarget? Target;
        public int Token;
    }
}
