using StallSim.PoolModel.Go;
using CsCheck;
using StallSim.Engine;
using StallSim.PoolModel.Pool;
using StallSim.PoolModel.Waitlist;
using StallSim.PoolModel.Workload;

namespace StallSim.PoolModel.Tests;

/// <summary>
/// Over random small scenarios, both presets: requests and connections are conserved at every sample
/// (docs/model.md#counters), and a run is a pure function of its scenario and seed.
/// </summary>
public class ConservationPropertyTests
{
    internal static readonly Gen<Scenario> Scenarios =
        from capacity in Gen.Int[1, 25]
        from rate in Gen.Int[5, 400]
        from horizonS in Gen.Int[5, 25]
        from deadlineMs in Gen.Int[5, 3000]
        from shortShare in Gen.Double[0, 0.6]
        from serviceMs in Gen.Int[1, 400]
        from serviceKind in Gen.Int[0, 2]
        from triggerKind in Gen.Int[0, 2]
        from factor in Gen.Double[1, 20]
        from retries in Gen.Int[0, 2]
        from restart in Gen.Bool
        from scanNs in Gen.Int[0, 2000]
        from handoffNs in Gen.Int[0, 50_000]
        from maxWaiters in Gen.Int[0, 50]
        from evict in Gen.Int[0, 2]
        from procs in Gen.Int[0, 3]
        from schedulerSwitches in Gen.Int[0, 31]
        select new Scenario
        {
            Name = "property",
            Horizon = horizonS * Units.Second,
            SampleEvery = 100 * Units.Millisecond,
            Pool = new PoolSettings { Capacity = capacity, Dial = Units.Millisecond },
            Workload = new WorkloadSettings
            {
                Rate = rate,
                Triggers =
                [
                    .. triggerKind == 0 ? [] : new[] { new Trigger
                    {
                        Kind = triggerKind == 1 ? TriggerKind.LoadSpike : TriggerKind.SlowDb,
                        Start = horizonS * Units.Second / 4,
                        Duration = horizonS * Units.Second / 4,
                        Factor = factor,
                    } },
                    .. restart ? new[] { new Trigger { Kind = TriggerKind.Restart, Start = horizonS * Units.Second * 2 / 3, Duration = 0 } } : [],
                ],
                Deadline = new DurationDistribution.Mix([
                    (1 - shortShare, new DurationDistribution.Constant(deadlineMs * Units.Millisecond)),
                    (shortShare + 0.01, new DurationDistribution.Exponential(deadlineMs * Units.Millisecond / 5 + 1)),
                ]),
                Service = serviceKind switch
                {
                    0 => new DurationDistribution.Constant(serviceMs * Units.Millisecond),
                    1 => new DurationDistribution.Exponential(serviceMs * Units.Millisecond),
                    _ => new DurationDistribution.LogNormal(serviceMs * Units.Millisecond, 5 * serviceMs * Units.Millisecond),
                },
                Retries = new RetrySettings { Max = retries, Backoff = new Backoff { Initial = 20 * Units.Millisecond } },
            },
            Costs = new CodeCosts { ScanPerElement = ScanCost.Constant(scanNs) },
            // Go's scheduler on up to 3 processors (0: none), each of its mechanisms on or off.
            Runtime = new RuntimeSettings
            {
                MutexHandoff = handoffNs,
                Procs = procs,
                Scheduler = new SchedulerSettings
                {
                    PerProcessorQueues = (schedulerSwitches & 1) != 0, Yields = (schedulerSwitches & 2) != 0,
                    TimerLags = (schedulerSwitches & 4) != 0, Preemption = (schedulerSwitches & 8) != 0,
                    PerProcessorTimers = (schedulerSwitches & 16) != 0,
                },
            },
            CustomVariants =
            [
                new WaitlistVariant("random", (ExpiryCheck)evict, evict == 2 || maxWaiters % 2 == 0, (SelfRemoval)(maxWaiters % 2), maxWaiters > 25 ? maxWaiters : 0),
            ],
        };

    private static void CheckConservation(Scenario scenario, WaitlistVariant variant)
    {
        var result = new World(scenario, variant, 3).Run();
        Assert.NotEmpty(result.Samples);
        foreach (var s in result.Samples)
        {
            Assert.Equal(s.Active, s.InUse + s.Idle + s.Returning + s.Dialing);
            Assert.InRange(s.Active, 0, scenario.Pool.Capacity);
        }
    }

    [Fact]
    public void Requests_and_connections_are_conserved_under_the_release_23_waitlist() =>
        Scenarios.Sample(s => CheckConservation(s, WaitlistVariant.Buggy), iter: 200);

    [Fact]
    public void Requests_and_connections_are_conserved_under_the_fixed_waitlist() =>
        Scenarios.Sample(s => CheckConservation(s, WaitlistVariant.Fixed), iter: 200);

    [Fact]
    public void Requests_and_connections_are_conserved_under_mixed_switches() =>
        Scenarios.Sample(s => CheckConservation(s, s.CustomVariants[0]), iter: 100);

    [Fact]
    public void The_same_scenario_and_seed_give_the_same_series() =>
        Scenarios.Sample(s =>
        {
            var a = new World(s, WaitlistVariant.Buggy, 9).Run();
            var b = new World(s, WaitlistVariant.Buggy, 9).Run();
            Assert.Equal(a.Samples, b.Samples);
            Assert.Equal(a.Summary with { Phases = [] }, b.Summary with { Phases = [] });
            Assert.Equal(a.Summary.Phases, b.Summary.Phases);
        }, iter: 30);
}
