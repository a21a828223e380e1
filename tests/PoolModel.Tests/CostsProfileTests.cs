using StallSim.PoolModel.Go;

namespace StallSim.PoolModel.Tests;

/// <summary>What the model derives from a measured profile, worked out by hand: the semaphore's window, the dead
/// request, the cold switch, and where each lands in a scenario.</summary>
public class CostsProfileTests
{
    private static readonly ScanCost NoMatter = new([(1000, 15), (20000, 25)]);

    private static CostsProfile Profile(long switchNs, ScanCost cold) => new()
    {
        ListPush = 7, ScanPerElement = new ScanCost([(1000, 10), (20000, 20)]), ScanPerElementCold = cold, ScanPerElementHeap = NoMatter,
        CtxCheck = 5, LockUnlock = 6,
        LineTransfer = 30, ChanSend = 240, ChanWake = 101, StarvingHandoff = 50, NetpollSlack = 86_000, IdleWakeup = 59_000, Request = 900,
        Switch = switchNs, ContextExpiry = 1400, ResumeHop = new ScanCost([(100, 120), (10000, 820), (100000, 1320)]),
        Gomaxprocs = 2, Cpu = "test CPU", MeasuredOn = "test: measured on nothing",
    };

    [Fact]
    public void The_semaphore_window_is_a_lock_two_line_transfers_and_one_cold_element()
    {
        var window = Profile(35, new ScanCost([(1000, 40), (50000, 130)])).SemaWindow;
        Assert.Equal([(1000, 40 + 6 + 2 * 30.0), (50000, 130 + 6 + 2 * 30.0)], window.Points);
    }

    [Fact]
    public void The_cold_switch_is_the_hop_among_n_goroutines_less_the_hop_among_the_fewest()
    {
        var cold = Profile(35, NoMatter).ApplyTo(new Scenario()).Runtime.Scheduler.ColdSwitch!;
        Assert.Equal([(100, 0.0), (10000, 700.0), (100000, 1200.0)], cold.Points);
    }

    [Fact]
    public void Applied_the_costs_land_where_the_model_charges_them()
    {
        var s = Profile(35, NoMatter).ApplyTo(new Scenario());
        Assert.Equal(5, s.Costs.DeadRequest);   // a request served late only checks its context
        Assert.Equal(900, s.Costs.Request);
        Assert.Equal(101, s.Runtime.Wake);
        Assert.Equal(2, s.Runtime.Procs);
        Assert.Equal(1400, s.Runtime.ContextExpiry);
        Assert.Equal("test: measured on nothing", s.CostsMeasuredOn);
        Assert.Equal("test CPU", s.CostsCpu);
        Assert.Equal(35, s.Runtime.Scheduler.Switch);
    }
}
