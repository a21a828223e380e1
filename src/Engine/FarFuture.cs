using System.Numerics;

namespace StallSim.Engine;

/// <summary>
/// The event queue's entries due after its near horizon, unsorted in a grid of time buckets and handed to the
/// queue's heap one bucket at a time (the idea of a calendar queue, with the heap as its sorted first bucket).
/// With 100k pending timers the heap then holds a few hundred of them and stays in cache, while each entry here
/// is appended once and moved once. Order stays the heap's business: this class never compares sequences, and
/// it only guarantees that a bucket handed over holds every entry due before the bucket's end.
/// </summary>
internal sealed class FarFuture
{
    private const int EntriesPerBucket = 128;
    private const int MaxBuckets = 1 << 16;
    private const int Samples = 255;

    private Bucket[] _buckets = [];
    private int _gridSize; // buckets in the current grid
    private int _next; // the first bucket not handed over yet
    private long _start; // the grid's first bucket begins here
    private int _widthShift = -1; // and each bucket spans 2^this nanoseconds (-1: no grid yet)
    private Bucket _beyond = new(); // entries due after the grid's last bucket
    private Bucket _scratch = new();
    private readonly long[] _samples = new long[Samples];

    public int Count { get; private set; }

    /// <summary>Stores an entry due at <paramref name="time"/>, which is no earlier than the end of the bucket
    /// handed over last.</summary>
    public void Add(long time, int slot)
    {
        Count++;
        var index = _widthShift < 0 ? long.MaxValue : (time - _start) >> _widthShift;
        if (index < _gridSize)
            _buckets[index].Add(time, slot);
        else
            _beyond.Add(time, slot);
    }

    /// <summary>Hands over the earliest non-empty bucket: its entries (valid until the next call to this class)
    /// and its end, before which nothing else is due here. False when nothing is stored.</summary>
    public bool TryTakeNext(out ReadOnlySpan<long> times, out ReadOnlySpan<int> slots, out long end)
    {
        while (Count > 0)
        {
            for (; _next < _gridSize; _next++)
            {
                ref var bucket = ref _buckets[_next];
                if (bucket.Count == 0)
                    continue;
                times = bucket.Times.AsSpan(0, bucket.Count);
                slots = bucket.Slots.AsSpan(0, bucket.Count);
                Count -= bucket.Count;
                bucket.Count = 0; // the arrays stay valid until the next Add into this bucket
                _next++;
                end = BucketStart(_next);
                return true;
            }
            Regrid([], []);
        }
        times = default;
        slots = default;
        end = long.MaxValue;
        return false;
    }

    /// <summary>Lays a new grid over everything stored plus the given entries: buckets of about
    /// <see cref="EntriesPerBucket"/> entries, up to the 90th percentile of a sample of the due times.</summary>
    public void Regrid(ReadOnlySpan<long> extraTimes, ReadOnlySpan<int> extraSlots)
    {
        var all = _scratch;
        all.Count = 0;
        for (var i = 0; i < extraTimes.Length; i++)
            all.Add(extraTimes[i], extraSlots[i]);
        for (var b = _next; b < _gridSize; b++)
            all.AddAll(ref _buckets[b]);
        all.AddAll(ref _beyond);
        _scratch = all;

        var n = all.Count;
        _next = 0;
        Count = 0;
        if (n == 0)
        {
            _gridSize = 0;
            _widthShift = -1;
            return;
        }
        var earliest = long.MaxValue;
        for (var i = 0; i < n; i++)
            earliest = Math.Min(earliest, all.Times[i]);
        var samples = Math.Min(Samples, n);
        for (var i = 0; i < samples; i++)
            _samples[i] = all.Times[(int)((long)i * n / samples)];
        Array.Sort(_samples, 0, samples);
        var span = _samples[samples * 9 / 10] - earliest + 1;
        _gridSize = Math.Clamp(n / EntriesPerBucket, 1, MaxBuckets);
        _widthShift = 64 - BitOperations.LeadingZeroCount((ulong)(span / _gridSize)); // a power of two >= span / buckets
        _start = earliest;
        if (_buckets.Length < _gridSize)
            Array.Resize(ref _buckets, Math.Max(_gridSize, _buckets.Length * 2));
        for (var b = 0; b < _gridSize; b++)
            _buckets[b].Count = 0;
        _beyond.Count = 0;
        for (var i = 0; i < n; i++)
            Add(all.Times[i], all.Slots[i]);
    }

    private long BucketStart(int index)
    {
        if (_widthShift + BitOperations.Log2((uint)Math.Max(1, index)) >= 62)
            return long.MaxValue;
        var offset = (long)index << _widthShift;
        return _start > long.MaxValue - offset ? long.MaxValue : _start + offset;
    }

    private struct Bucket
    {
        public long[] Times;
        public int[] Slots;
        public int Count;

        public Bucket()
        {
            Times = [];
            Slots = [];
        }

        public void Add(long time, int slot)
        {
            if (Times is null || Count == Times.Length)
            {
                var size = Math.Max(16, Count * 2);
                Array.Resize(ref Times, size);
                Array.Resize(ref Slots, size);
            }
            Times[Count] = time;
            Slots[Count] = slot;
            Count++;
        }

        public void AddAll(ref Bucket other)
        {
            for (var i = 0; i < other.Count; i++)
                Add(other.Times[i], other.Slots[i]);
            other.Count = 0;
        }
    }
}
