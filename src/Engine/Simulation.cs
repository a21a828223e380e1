namespace StallSim.Engine;

/// <summary>
/// The simulation environment: a clock in integer nanoseconds, one event queue ordered by
/// (time, sequence), processes, and named random streams derived from one seed.
/// Nothing here reads the wall clock, uses threads or depends on hash order: a run is a pure function of
/// its inputs and seed.
/// </summary>
public sealed class Simulation
{
    private readonly EventQueue _queue = new();

    public Simulation(ulong seed = 0)
    {
        Seed = seed;
        Random = new RandomStreams(seed);
    }

    public ulong Seed { get; }

    /// <summary>Current virtual time in nanoseconds.</summary>
    public long Now { get; private set; }

    public RandomStreams Random { get; }

    /// <summary>The process whose body is running, if any.</summary>
    public Process? ActiveProcess { get; internal set; }

    /// <summary>The event that resumed <see cref="ActiveProcess"/> (<see cref="Process.ResumedBy"/>).</summary>
    internal SimEvent? ActiveResumedBy { get; set; }

    /// <summary>Queue entries dispatched, including stale ones that were dropped.</summary>
    public long EventsProcessed { get; private set; }

    public int LiveProcesses { get; private set; }

    public int PeakQueueSize { get; private set; }

    public int QueueSize => _queue.Count;

    /// <summary>Called for every dispatched entry with its (time, sequence); for traces and determinism checks.</summary>
    public Action<long, long>? Trace { get; set; }

    /// <summary>Starts a process now (after what is already due). <paramref name="owner"/> is told when its
    /// body ends or it is killed.</summary>
    public Process Start(IEnumerable<Wait> body, IProcessOwner? owner = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Start(body.GetEnumerator(), owner);
    }

    /// <summary>Starts a process whose body is an enumerator of its steps (<see cref="Steps"/>).</summary>
    public Process Start(IEnumerator<Wait> body, IProcessOwner? owner = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Admit(Made(body, owner), start: true);
    }

    private Process Made(IEnumerator<Wait> body, IProcessOwner? owner) =>
        owner is null ? new Process(this, body) : new OwnedProcess(this, body, owner);

    /// <summary>Counts a process among the live ones, and starts it now when <paramref name="start"/>.</summary>
    private Process Admit(Process process, bool start)
    {
        LiveProcesses++;
        if (start)
            process.Start();
        return process;
    }

    /// <summary>Gives a process that a subclass made (a goroutine) its body, which may refer to the process, and starts
    /// it now when <paramref name="start"/>; otherwise it runs its body from the start when <see cref="Process.Activate"/>
    /// is first called.</summary>
    public void Adopt(Process process, IEnumerator<Wait> body, bool start)
    {
        ArgumentNullException.ThrowIfNull(body);
        process.SetBody(body);
        Admit(process, start);
    }

    /// <summary>Makes a process that does not start by itself: it runs its body from the start when
    /// <see cref="Process.Activate"/> is first called (a goroutine that waits for a processor before it runs).</summary>
    public Process Create(IEnumerable<Wait> body, IProcessOwner? owner = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Create(body.GetEnumerator(), owner);
    }

    /// <summary>Makes a process that does not start by itself, from an enumerator of its steps.</summary>
    public Process Create(IEnumerator<Wait> body, IProcessOwner? owner = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Admit(Made(body, owner), start: false);
    }

    /// <summary>A new pending event, triggered by <see cref="SimEvent.Succeed"/>.</summary>
    public SimEvent Event() => new(this);

    /// <summary>An event processed <paramref name="delay"/> nanoseconds from now unless cancelled first.</summary>
    public SimEvent Timeout(long delay)
    {
        var ev = new SimEvent(this);
        ArmTimer(ev, delay);
        return ev;
    }

    /// <summary>Arms a pending event (for instance one being reused after <see cref="SimEvent.Reset"/>)
    /// to be processed <paramref name="delay"/> nanoseconds from now.</summary>
    public void ArmTimer(SimEvent ev, long delay)
    {
        ArgumentNullException.ThrowIfNull(ev);
        if (delay < 0)
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "a delay cannot be negative");
        if (!ev.IsPending)
            throw new InvalidOperationException("only a pending event can be armed as a timer");
        ev.ArmTimer(delay);
    }

    public Resource Resource(int capacity) => new(this, capacity);

    /// <summary>Runs until no event is left, or until virtual time <paramref name="until"/>: entries due at
    /// or after it stay unprocessed and the clock ends at <paramref name="until"/>.</summary>
    public void Run(long until = long.MaxValue)
    {
        if (until < Now)
            throw new ArgumentOutOfRangeException(nameof(until), until, $"cannot run back in time (now is {Now})");
        var queue = _queue;
        var trace = Trace;
        while (true)
        {
            var next = queue.PeekTime(Now);
            if (next >= until || next == long.MaxValue)
                break;
            if (trace is not null)
                trace(queue.PeekTime(Now), queue.PeekSequence(Now));
            queue.Pop(Now, out var time, out var target, out var token);
            Now = time;
            EventsProcessed++;
            Prefetch.Object(queue.PeekTarget(time));
            target.Dispatch(token);
        }
        if (until != long.MaxValue)
            Now = until;
    }

    /// <summary>Calls <paramref name="target"/>.Dispatch(<paramref name="token"/>) <paramref name="delay"/>
    /// nanoseconds from now: a callback that costs one queue entry and no process.</summary>
    public void Schedule(IEventTarget target, long delay, int token)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (delay < 0)
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "a delay cannot be negative");
        Enqueue(target, delay, token);
    }

    internal void Enqueue(IEventTarget target, long delay, int token)
    {
        _queue.Push(Now, Now + delay, target, token);
        if (_queue.Count > PeakQueueSize)
            PeakQueueSize = _queue.Count;
    }

    internal void ProcessFinished() => LiveProcesses--;

    private Dictionary<Process, SimEvent>? _doneEvents; // the processes someone waits on (Wait.On(process))

    /// <summary>The event processed when <paramref name="process"/> finishes, made the first time it is asked for.</summary>
    internal SimEvent DoneOf(Process process, bool alive)
    {
        _doneEvents ??= new(ReferenceEqualityComparer.Instance);
        if (!_doneEvents.TryGetValue(process, out var done))
        {
            done = Event();
            if (alive)
                _doneEvents.Add(process, done);
            else
                done.Succeed();
        }
        return done;
    }

    /// <summary>A finishing process's done event, if anyone asked for it; the simulation lets go of it.</summary>
    internal SimEvent? DoneEventOf(Process process) =>
        _doneEvents is { Count: > 0 } events && events.Remove(process, out var done) ? done : null;
}
