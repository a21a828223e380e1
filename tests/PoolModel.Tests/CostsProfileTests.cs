using StallSim.PoolModel.Go;

namespace StallSim.PoolModel.Tests;

/// <summary>What the model derives from a measured profile, worked out by hand: the semaphore's window, the dead
/// request, the switch's stand-in, and where each lands in a scenario.</summary>
public class CostsProfileTests
{
    private static CostsProfile Profile(long? switchNs, ScanCost? cold) => new()
    {
        ListPush = 7, ScanPerElement = new ScanCost([(1000, 10), (20000, 20)]), ScanPerElementCold = cold, CtxCheck = 5, LockUnlock = 6,
        LineTransfer = 30, ChanSend = 240, ChanWake = 101, StarvingHandoff = 50, NetpollSlack = 86_000, IdleWakeup = 59_000, Request = 900,
        Switch = switchNs, ContextExpiry = 1400, Gomaxprocs = 2, MeasuredOn = "test: measured on nothing",
    };

    [Fact]
    public void The_semaphore_window_is_a_lock_two_line_transfers_and_one_cold_element()
    {
        var window = Profile(null, new ScanCost([(1000, 40), (50000, 130)])).SemaWindow;
        Assert.Equal([(1000, 40 + 6 + 2 * 30.0), (50000, 130 + 6 + 2 * 30.0)], window.Points);
    }

    [Fact]
    public void Without_a_cold_table_the_window_takes_the_warm_walk()
    {
        Assert.Equal([(1000, 10 + 66.0), (20000, 20 + 66.0)], Profile(null, null).SemaWindow.Points);
    }

    [Fact]
    public void A_profile_without_the_switch_stands_the_hand_off_in_and_one_with_it_uses_it()
    {
        Assert.Equal(50, Profile(null, null).ApplyTo(new Scenario()).Runtime.Scheduler.Switch);
        Assert.Equal(35, Profile(35, null).ApplyTo(new Scenario()).Runtime.Scheduler.Switch);
    }

    [Fact]
    public void Applied_the_costs_land_where_the_model_charges_them()
    {
        var s = Profile(35, null).ApplyTo(new Scenario());
        Assert.Equal(5, s.Costs.DeadRequest);   // a request served late only checks its context
        Assert.Equal(900, s.Costs.Request);
        Assert.Equal(101, s.Runtime.Wake);
        Assert.Equal(2, s.Runtime.Procs);
        Assert.Equal(1400, s.Runtime.ContextExpiry);
        Assert.Equal("test: measured on nothing", s.CostsMeasuredOn);
    }
}
