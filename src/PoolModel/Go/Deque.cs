namespace StallSim.PoolModel.Go;

/// <summary>A growable ring buffer with push and pop at the front and push at the back: the semaphore
/// queue of a mutex (FIFO for newcomers, head re-queue for woken waiters) without a node per entry.</summary>
internal sealed class Deque<T>
{
    private T[] _items = new T[16];
    private int _head;

    public int Count { get; private set; }

    public void PushBack(T item)
    {
        if (Count == _items.Length)
            Grow();
        _items[(_head + Count) & (_items.Length - 1)] = item;
        Count++;
    }

    public void PushFront(T item)
    {
        if (Count == _items.Length)
            Grow();
        _head = (_head - 1) & (_items.Length - 1);
        _items[_head] = item;
        Count++;
    }

    /// <summary>The front item, left in place.</summary>
    public T PeekFront() => Count == 0 ? throw new InvalidOperationException("empty deque") : _items[_head];

    public T PopFront()
    {
        if (Count == 0)
            throw new InvalidOperationException("empty deque");
        var item = _items[_head];
        _items[_head] = default!;
        _head = (_head + 1) & (_items.Length - 1);
        Count--;
        return item;
    }

    private void Grow()
    {
        var bigger = new T[_items.Length * 2];
        for (var i = 0; i < Count; i++)
            bigger[i] = _items[(_head + i) & (_items.Length - 1)];
        _items = bigger;
        _head = 0;
    }
}
