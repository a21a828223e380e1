namespace StallSim.Engine;

/// <summary>
/// The pending-event list, ordered by (time, sequence): entries due at the same instant come out in the
/// order they were scheduled. Four stores keep that order cheaply:
/// <list type="bullet">
/// <item>an 8-ary min-heap for the near future. The heap itself is two flat arrays, the times and a slot
/// number per entry; the rest of an entry (target, token, sequence) sits in a slot table and does not move
/// while the heap is reordered. Choosing the earliest of eight children reads one cache line of times,
/// and the sequence is read only to break a tie.</item>
/// <item>the <see cref="FarFuture"/>: once the heap holds more than a few thousand entries, those due after a
/// near horizon move to unsorted time buckets, which enter the heap one at a time as the clock gets there.
/// The heap stays small enough for the cache, which keeps the cost per event nearly flat as the number of
/// pending entries grows to 100k and more.</item>
/// <item>a single place for the soonest entry: one scheduled earlier than every entry pending, which is what
/// most entries are when they are scheduled (four in five in a stalled seed-stall: a goroutine's start after
/// its switch), waits there, not in the heap, until it is taken or an entry earlier still displaces it into
/// the heap. It precedes every heap entry, by time or, at the same time, by sequence.</item>
/// <item>a FIFO ring for entries scheduled for "now". Every heap entry due now was scheduled before the
/// clock reached now, so it precedes every ring entry; draining heap-due-now first and then the ring is
/// exactly (time, sequence) order, with O(1) cost for the zero-delay wake-ups that dominate a model.</item>
/// </list>
/// Nothing is allocated per entry: arrays grow by doubling and slots are recycled.
/// </summary>
internal sealed partial class EventQueue
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

    // The soonest entry, outside the heap (see the summary); its time is always after now.
    private bool _soonestFull;
    private long _soonestTime;
    private long _soonestSequence;
    private IEventTarget? _soonestTarget;
    private int _soonestToken;

    public int Count => _heapCount + _far.Count + _ringCount + (_soonestFull ? 1 : 0);

    public void Push(long now, long time, IEventTarget target, int token)
    {
        var sequence = _nextSequence++;
        if (time == now)
            PushRing(target, token, sequence);
        else if (_soonestFull ? time < _soonestTime : _heapCount == 0 || time < _times[0])
        {
            if (_soonestFull)
                PushLater(_soonestTime, _soonestTarget!, _soonestToken, _soonestSequence);
            (_soonestFull, _soonestTime, _soonestSequence) = (true, time, sequence);
            (_soonestTarget, _soonestToken) = (target, token);
        }
        else
            PushLater(time, target, token, sequence);
    }

    private void PushLater(long time, IEventTarget target, int token, long sequence)
    {
        if (time >= _nearHorizon)
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
        if (_soonestFull)
            return _soonestTime;
        return _heapCount > 0 ? _times[0] : long.MaxValue;
    }

    /// <summary>The next entry is the heap's top: it is due now (scheduled before now's ring entries), or the ring
    /// is empty.</summary>
    private bool HeapComesFirst(long now) => _heapCount > 0 && (_times[0] == now || _ringCount == 0);

    /// <summary>The sequence number of the entry that <see cref="Pop"/> would return (for traces).</summary>
    public long PeekSequence(long now) =>
        SoonestComesFirst ? _soonestSequence
        : HeapComesFirst(now) ? _sequences[_slotOf[0]]
        : _ringSequences[_ringHead];

    /// <summary>The soonest entry is next: it precedes the heap, and the ring (entries due now) is empty.</summary>
    private bool SoonestComesFirst => _soonestFull && _ringCount == 0;

    public void Pop(long now, out long time, out IEventTarget target, out int token)
    {
        if (SoonestComesFirst)
        {
            (time, target, token) = (_soonestTime, _soonestTarget!, _soonestToken);
            _soonestTarget = null;
            _soonestFull = false;
            return;
        }
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
        if (SoonestComesFirst)
            return _soonestTarget;
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

    private struct Due
    {
        public IEventTarget? Target;
        public int Token;
    }
}
