namespace StallSim.Engine;

/// <summary>Something the event queue can dispatch: a process to resume or an event to process.
/// The token lets the owner recognise an entry that was superseded (a cancelled timer, a delay that lost
/// a race), so that a stale entry is dropped when it comes due instead of being searched for and removed.</summary>
internal interface IEventTarget
{
    void Dispatch(int token);
}
