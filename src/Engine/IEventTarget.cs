namespace StallSim.Engine;

/// <summary>Something the event queue can dispatch: a process to resume, an event to process, or any object
/// scheduled with <see cref="Simulation.Schedule(IEventTarget, long, int)"/> (a callback without a process).
/// The token lets the owner recognise an entry that was superseded (a cancelled timer, a delay that lost
/// a race), so that a stale entry is dropped when it comes due instead of being searched for and removed.</summary>
public interface IEventTarget
{
    void Dispatch(int token);
}
