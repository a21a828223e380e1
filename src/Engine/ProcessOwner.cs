namespace StallSim.Engine;

/// <summary>Told when a process it started has finished (its body ended, or it was killed), and when it has
/// parked (<see cref="Wait.Park"/>): from then on a waker can claim it.</summary>
public interface IProcessOwner
{
    void Finished(Process process);

    void Parked(Process process) { }
}

/// <summary>A process started for an owner, which it tells what <see cref="Process"/> tells a subclass.</summary>
internal sealed class OwnedProcess(Simulation sim, IEnumerator<Wait> body, IProcessOwner owner) : Process(sim, body)
{
    protected override void OnParked() => owner.Parked(this);

    protected override void OnFinished() => owner.Finished(this);
}
