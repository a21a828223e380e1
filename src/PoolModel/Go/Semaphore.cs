namespace StallSim.PoolModel.Go;

/// <summary>
/// The runtime semaphore under a <see cref="Mutex"/> (src/runtime/sema.go): a count and the queue of goroutines
/// parked on it. <c>semrelease1</c> adds to the count and readies the head; <c>semacquire1</c> takes the count
/// if there is one (<c>cansemacquire</c>, its "easy case") or parks. The count belongs to no one: whichever
/// goroutine reaches <c>cansemacquire</c> first takes it, which may not be the goroutine the release readied.
/// </summary>
internal sealed class Semaphore
{
    private readonly Deque<Goroutine> _queue = new();
    private uint _count;

    /// <summary>Goroutines parked on the semaphore (the semaRoot's waiters of this address).</summary>
    public int Queued => _queue.Count;

    /// <summary><c>cansemacquire</c>: takes the count if it is positive.</summary>
    public bool TryAcquire()
    {
        if (_count == 0)
            return false;
        _count--;
        return true;
    }

    /// <summary><c>semrelease1</c>'s <c>atomic.Xadd(addr, 1)</c>.</summary>
    public void Release() => _count++;

    /// <summary><c>root.queue(addr, s, lifo)</c>: at the head when <paramref name="lifo"/>, else at the tail.</summary>
    public void Queue(Goroutine g, bool lifo)
    {
        if (lifo)
            _queue.PushFront(g);
        else
            _queue.PushBack(g);
    }

    /// <summary>The goroutine <see cref="Dequeue"/> would take, left queued; null when none is parked.</summary>
    public Goroutine? Head => _queue.Count == 0 ? null : _queue.PeekFront();

    /// <summary><c>root.dequeue(addr)</c>: the head, or null when none is parked.</summary>
    public Goroutine? Dequeue() => _queue.Count == 0 ? null : _queue.PopFront();
}
