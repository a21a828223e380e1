namespace StallSim.PoolModel.Waitlist;

/// <summary>
/// The waitlist's doubly linked list (go/list) with one addition the simulator needs and Go does not
/// have: the position of an element, in O(log n). Release-23's self-removal walks the list from the front
/// to its own element under <c>wl.mu</c>, and the time that walk takes is the heart of the stall; the model
/// charges its length without walking it, or the simulator would itself become O(n²) exactly where the
/// real pool does. Elements are only pushed at the back, so push order is list order: a Fenwick tree over
/// push numbers counts the elements still present ahead of any element. A second tree keeps the latest
/// expiry under each range of push numbers, so that the first waiter whose context has not expired is
/// found in O(log n) too: what a returner that checks deadlines must walk to.
/// </summary>
public sealed class WaiterList
{
    private int[] _tree = new int[1024]; // Fenwick tree over push numbers (1-based), 1 = present
    private long[] _latestDeadline = NewDeadlineTree(1024); // max-tree: leaves at [size + number]
    private Waiter?[] _byNumber = new Waiter?[1024];
    private int _pushed;

    public int Count { get; private set; }

    public void PushBack(Waiter w)
    {
        if (w.ListNumber != 0)
            throw new InvalidOperationException("element already in a list");
        if (_pushed + 1 >= _tree.Length)
            Grow();
        var number = ++_pushed;
        w.ListNumber = number;
        _byNumber[number] = w;
        Add(number, +1);
        SetDeadline(number, w.Ctx.ExpiresAt);
        Count++;
    }

    public bool Contains(Waiter w) => w.ListNumber != 0 && ReferenceEquals(_byNumber[w.ListNumber], w);

    /// <summary>Zero-based index of <paramref name="w"/> from the front.</summary>
    public int PositionOf(Waiter w)
    {
        if (!Contains(w))
            throw new InvalidOperationException("element not in this list");
        return Prefix(w.ListNumber) - 1;
    }

    public void Remove(Waiter w)
    {
        if (!Contains(w))
            throw new InvalidOperationException("list: Remove of an element not in this list");
        Add(w.ListNumber, -1);
        SetDeadline(w.ListNumber, long.MinValue);
        _byNumber[w.ListNumber] = null;
        w.ListNumber = 0;
        Count--;
    }

    public Waiter? Front => Count == 0 ? null : _byNumber[FindKth(1)];

    public Waiter? Back => Count == 0 ? null : _byNumber[FindKth(Count)];

    public Waiter? Next(Waiter w)
    {
        if (!Contains(w))
            throw new InvalidOperationException("element not in this list; take Next before removing it");
        var rank = Prefix(w.ListNumber); // elements up to and including w
        return rank >= Count ? null : _byNumber[FindKth(rank + 1)];
    }

    /// <summary>A listed waiter's context has expired (its timer fired): the tree learns when.</summary>
    public void Expired(Waiter w)
    {
        if (Contains(w))
            SetDeadline(w.ListNumber, w.Ctx.ExpiresAt);
    }

    /// <summary>The element at <paramref name="end"/>, or null when the list is empty.</summary>
    public Waiter? At(ListEnd end) => end == ListEnd.Front ? Front : Back;

    /// <summary>The first element, counted from <paramref name="from"/>, whose context has not expired by
    /// <paramref name="now"/>, and how many elements stand between it and that end (all expired); null and
    /// <see cref="Count"/> when every element has expired. The max-tree is descended towards that end's side.</summary>
    public (Waiter? Live, int ExpiredBefore) FirstLive(long now, ListEnd from = ListEnd.Front)
    {
        var size = _tree.Length;
        if (_latestDeadline[1] <= now)
            return (null, Count);
        var towardsBack = from == ListEnd.Back ? 1 : 0;
        var node = 1;
        while (node < size)
        {
            var near = 2 * node + towardsBack;
            node = _latestDeadline[near] > now ? near : 2 * node + (1 - towardsBack);
        }
        var number = node - size;
        var ahead = Prefix(number) - 1;
        return (_byNumber[number], from == ListEnd.Front ? ahead : Count - ahead - 1);
    }

    /// <summary>Elements from the front, in order.</summary>
    public IEnumerable<Waiter> InOrder()
    {
        for (var w = Front; w is not null; w = Next(w))
            yield return w;
    }

    private void Add(int index, int delta)
    {
        for (var i = index; i < _tree.Length; i += i & -i)
            _tree[i] += delta;
    }

    private int Prefix(int index)
    {
        var sum = 0;
        for (var i = index; i > 0; i -= i & -i)
            sum += _tree[i];
        return sum;
    }

    private static long[] NewDeadlineTree(int size)
    {
        var tree = new long[2 * size];
        Array.Fill(tree, long.MinValue);
        return tree;
    }

    private void SetDeadline(int number, long deadline)
    {
        var tree = _latestDeadline;
        var node = _tree.Length + number;
        tree[node] = deadline;
        // Recompute the maxima upwards until one does not change: the ones above it cannot change either.
        for (node >>= 1; node >= 1; node >>= 1)
        {
            var latest = Math.Max(tree[2 * node], tree[2 * node + 1]);
            if (tree[node] == latest)
                break;
            tree[node] = latest;
        }
    }

    /// <summary>The push number of the k-th present element (1-based k), by descending the Fenwick tree.</summary>
    private int FindKth(int k)
    {
        var position = 0;
        for (var step = _tree.Length >> 1; step > 0; step >>= 1)
        {
            var next = position + step;
            if (next < _tree.Length && _tree[next] < k)
            {
                position = next;
                k -= _tree[next];
            }
        }
        return position + 1;
    }

    /// <summary>Out of push numbers: renumber the present elements from 1, in order, doubling the arrays
    /// only when the list itself is long. Memory follows the longest list, not the number of pushes, and
    /// arrays of an unchanged size are reused: a long list renumbers often, and fresh arrays of this size
    /// would land on the large-object heap each time and bring on full collections.</summary>
    private void Grow()
    {
        var size = Count * 2 + 2 >= _tree.Length ? _tree.Length * 2 : _tree.Length;
        var present = size == _byNumber.Length ? _byNumber : new Waiter?[size];
        var number = 0;
        for (var n = 1; n <= _pushed; n++)
        {
            if (_byNumber[n] is not { } w)
                continue;
            _byNumber[n] = null;
            w.ListNumber = ++number;
            present[number] = w; // number <= n: compacting in place never overwrites an element not yet moved
        }
        _byNumber = present;
        _pushed = number;
        if (size == _tree.Length)
            Array.Clear(_tree);
        else
        {
            _tree = new int[size];
            _latestDeadline = new long[2 * size];
        }
        // Both trees rebuilt in O(size), not by one update per element: each Fenwick node passes its count to its
        // parent, and each max-tree node takes the later of its children's deadlines.
        for (var n = 1; n < size; n++)
        {
            if (n <= _pushed)
                _tree[n] += 1;
            var parent = n + (n & -n);
            if (parent < size)
                _tree[parent] += _tree[n];
        }
        var deadlines = _latestDeadline;
        for (var n = 0; n < size; n++)
            deadlines[size + n] = n >= 1 && n <= _pushed ? present[n]!.Ctx.ExpiresAt : long.MinValue;
        for (var node = size - 1; node >= 1; node--)
            deadlines[node] = Math.Max(deadlines[2 * node], deadlines[2 * node + 1]);
    }
}
