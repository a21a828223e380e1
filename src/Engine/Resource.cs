namespace StallSim.Engine;

/// <summary>
/// A FIFO resource with <c>capacity</c> units, as SimPy's <c>Resource</c>: <c>yield return res.Request()</c>
/// continues at once while a unit is free, otherwise queues the process in arrival order;
/// <see cref="Release"/> hands the unit straight to the head of the queue (resumed at the current time,
/// after what is already due) or frees it.
/// </summary>
public sealed class Resource
{
    private readonly Simulation _sim;
    private Process[] _queue = new Process[16];
    private int[] _tokens = new int[16];
    private int _head;
    private int _count;

    internal Resource(Simulation sim, int capacity)
    {
        if (capacity < 1)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "a resource needs at least one unit");
        _sim = sim;
        Capacity = capacity;
    }

    public int Capacity { get; }

    public int InUse { get; private set; }

    public int QueueLength => _count;

    public Wait Request() => Wait.Acquire(this);

    public void Release()
    {
        if (InUse == 0)
            throw new InvalidOperationException("release of a resource unit that is not held");
        if (_count == 0)
        {
            InUse--;
            return;
        }
        var mask = _queue.Length - 1;
        var next = _queue[_head];
        var token = _tokens[_head];
        _queue[_head] = null!;
        _head = (_head + 1) & mask;
        _count--;
        next.GrantFromQueue(token);
    }

    internal bool TryAcquire(Process process, int token)
    {
        if (InUse < Capacity)
        {
            InUse++;
            return true;
        }
        if (_count == _queue.Length)
            Grow();
        var tail = (_head + _count) & (_queue.Length - 1);
        _queue[tail] = process;
        _tokens[tail] = token;
        _count++;
        return false;
    }

    private void Grow()
    {
        var queue = new Process[_queue.Length * 2];
        var tokens = new int[_queue.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            var j = (_head + i) & (_queue.Length - 1);
            queue[i] = _queue[j];
            tokens[i] = _tokens[j];
        }
        _queue = queue;
        _tokens = tokens;
        _head = 0;
    }
}
