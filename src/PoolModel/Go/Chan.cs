namespace StallSim.PoolModel.Go;

/// <summary>
/// A Go channel with capacity 0 or 1 and a single receiving goroutine, as the waitlist's per-waiter
/// <c>chan *Pooled[C]</c> (src/runtime/chan.go: <c>chansend</c>, <c>chanrecv</c>). A send to a receiver parked
/// on the channel (in a receive or a select) copies the value to it and readies it without blocking, unless
/// that receiver's select was already won by another case, as <c>dequeue</c> skips such a waiter. Otherwise a
/// send fills the buffer if there is room, or parks the sender until a receiver takes the value. A receive
/// takes a buffered value, or a parked sender's value (readying the sender), or parks.
/// A nil value is a real value (the fix sends nil to evict a waiter), so presence is tracked apart.
/// </summary>
public sealed class Chan<T>
    where T : class
{
    private readonly int _capacity;
    private bool _hasBuffered;
    private T? _buffered;
    private Goroutine? _parkedReceiver;
    private Goroutine? _blockedSender;
    private T? _senderValue;
    private bool _hasDelivered;
    private T? _delivered;

    /// <summary><c>make(chan T, capacity)</c>. Like Go's, a channel knows no runtime: the goroutines it readies do.</summary>
    public Chan(int capacity)
    {
        if (capacity is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "the model's channels are unbuffered or hold one value");
        _capacity = capacity;
    }

    /// <summary>Readies a goroutine the channel had parked, in the runtime it runs in, at a channel wake-up's cost.</summary>
    private static bool Ready(Goroutine g) => g.Runtime.Ready(g, g.Runtime.Settings.Wake);

    /// <summary>A receive would not block: a value is buffered or a sender is parked.</summary>
    public bool ReceiveReady => _hasBuffered || _blockedSender is not null;

    /// <summary>Send. Returns true when it completed at once; false when <paramref name="sender"/> must
    /// park (yield <c>sender.Park(site)</c>) until a receiver takes the value.</summary>
    public bool TrySend(Goroutine sender, T? value)
    {
        if (_parkedReceiver is { } receiver)
        {
            _parkedReceiver = null;
            if (Ready(receiver))
            {
                _hasDelivered = true;
                _delivered = value;
                return true;
            }
        }
        if (_capacity == 1 && !_hasBuffered)
        {
            _hasBuffered = true;
            _buffered = value;
            return true;
        }
        if (_blockedSender is not null)
            throw new InvalidOperationException("the model has one sender per waiter channel");
        _blockedSender = sender;
        _senderValue = value;
        return false;
    }

    /// <summary>Receive without blocking, if <see cref="ReceiveReady"/>.</summary>
    public T? Receive()
    {
        if (_hasBuffered)
        {
            var value = _buffered;
            _hasBuffered = false;
            _buffered = null;
            return value;
        }
        if (_blockedSender is { } sender)
        {
            var value = _senderValue;
            _blockedSender = null;
            _senderValue = null;
            Ready(sender);
            return value;
        }
        throw new InvalidOperationException("receive on a channel that is not ready; park first");
    }

    /// <summary>Registers <paramref name="receiver"/> as parked on this channel (in a receive or a select).</summary>
    public void ParkReceiver(Goroutine receiver)
    {
        if (ReceiveReady)
            throw new InvalidOperationException("a ready channel does not park its receiver");
        _parkedReceiver = receiver;
    }

    /// <summary>The receiver left the select by another case before any value arrived.</summary>
    public void UnparkReceiver(Goroutine receiver)
    {
        if (ReferenceEquals(_parkedReceiver, receiver))
            _parkedReceiver = null;
    }

    /// <summary>Takes the value a sender handed to the parked receiver; false if none was.</summary>
    public bool TakeDelivered(out T? value)
    {
        value = _delivered;
        if (!_hasDelivered)
            return false;
        _hasDelivered = false;
        _delivered = null;
        return true;
    }
}
