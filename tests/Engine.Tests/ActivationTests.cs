using StallSim.Engine;

namespace StallSim.Engine.Tests;

/// <summary>Passivate/activate, kill, and plain callbacks: the engine features the pool model is built on.</summary>
public class ActivationTests
{
    [Fact]
    public void A_passivated_process_resumes_only_when_activated_after_the_delay_given()
    {
        var sim = new Simulation();
        var log = new List<long>();
        IEnumerable<Wait> Sleeper()
        {
            yield return Wait.Passivate();
            log.Add(sim.Now);
        }
        var sleeper = sim.Start(Sleeper());
        IEnumerable<Wait> Waker()
        {
            yield return Wait.For(100);
            sleeper.Activate(25);
        }
        sim.Start(Waker());
        sim.Run();
        Assert.Equal([125L], log);
    }

    [Fact]
    public void Activation_cuts_a_wait_short_and_the_wait_no_longer_resumes_the_process()
    {
        var sim = new Simulation();
        var log = new List<(long, SimEvent?)>();
        var ev = sim.Timeout(50);
        IEnumerable<Wait> Waiter()
        {
            yield return Wait.OnOrTimeout(ev, 80);
            log.Add((sim.Now, sim.ActiveProcess!.ResumedBy));
            yield return Wait.For(1_000);
        }
        var waiter = sim.Start(Waiter());
        IEnumerable<Wait> Waker()
        {
            yield return Wait.For(10);
            waiter.Activate(0);
        }
        sim.Start(Waker());
        sim.Run();
        Assert.Equal([(10L, (SimEvent?)null)], log);   // neither the event at 50 nor the timeout at 80 resumed it again
    }

    [Fact]
    public void A_killed_process_never_resumes_and_its_owner_is_told()
    {
        var sim = new Simulation();
        var owner = new Owner();
        var resumed = false;
        IEnumerable<Wait> Body()
        {
            yield return Wait.For(100);
            resumed = true;
        }
        var process = sim.Start(Body(), owner);
        IEnumerable<Wait> Killer()
        {
            yield return Wait.For(10);
            process.Kill();
        }
        sim.Start(Killer());
        sim.Run();
        Assert.False(resumed);
        Assert.False(process.IsAlive);
        Assert.Equal([process], owner.Finished);
        Assert.Equal(0, sim.LiveProcesses);
    }

    /// <summary>A process that is what it models, as a goroutine is: its body refers to it, and it hears of its own
    /// park and end.</summary>
    private sealed class Worker : Process
    {
        private readonly Simulation sim;

        public Worker(Simulation sim) : base(sim) => this.sim = sim;

        public List<string> Heard { get; } = [];

        public IEnumerator<Wait> Body()
        {
            Heard.Add($"ran at {sim.Now}");
            yield return Wait.Park(-1);
            Heard.Add($"resumed at {sim.Now}");
        }

        protected override void OnParked() => Heard.Add($"parked at {sim.Now}");

        protected override void OnFinished() => Heard.Add($"finished at {sim.Now}");
    }

    [Fact]
    public void An_adopted_process_runs_its_body_at_its_first_activation_and_hears_of_its_park_and_end()
    {
        var sim = new Simulation();
        var worker = new Worker(sim);
        sim.Adopt(worker, worker.Body(), start: false);
        IEnumerable<Wait> Waker()
        {
            yield return Wait.For(10);
            worker.Activate(5);                    // its first run, at 15
            yield return Wait.For(20);
            Assert.True(worker.Claim());           // parked since 15: a waker takes it
            worker.Activate(0);
        }
        sim.Start(Waker());
        sim.Run();
        Assert.Equal(["ran at 15", "parked at 15", "resumed at 30", "finished at 30"], worker.Heard);
        Assert.Equal(0, sim.LiveProcesses);
    }

    private sealed class Owner : IProcessOwner
    {
        public List<Process> Finished { get; } = [];
        void IProcessOwner.Finished(Process process) => Finished.Add(process);
    }

    private sealed class Alarm(Simulation sim) : IEventTarget
    {
        public List<(long At, int Token)> Rings { get; } = [];
        public void Dispatch(int token) => Rings.Add((sim.Now, token));
    }

    [Fact]
    public void A_scheduled_callback_is_dispatched_at_its_time_with_its_token()
    {
        var sim = new Simulation();
        var alarm = new Alarm(sim);
        sim.Schedule(alarm, 30, 7);
        sim.Schedule(alarm, 10, 3);
        sim.Run();
        Assert.Equal([(10L, 3), (30L, 7)], alarm.Rings);
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Schedule(alarm, -1, 0));
    }
}
