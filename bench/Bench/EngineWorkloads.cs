using StallSim.Engine;

namespace StallSim.Bench;

/// <summary>The two engine benchmarks of docs/benchmarks.md#engine-benchmarks, written once and used both by the plain-process
/// mode and by the BenchmarkDotNet classes. One time unit of the definitions is one second here.</summary>
public static class EngineWorkloads
{
    public sealed class Timeouts
    {
        private readonly Simulation _sim;
        private readonly RandomStream _rng;
        public long Count;

        public Timeouts(int processes, ulong seed)
        {
            _sim = new Simulation(seed);
            _rng = _sim.Random["bench"];
            for (var i = 0; i < processes; i++) _sim.Start(Body());
        }

        private IEnumerable<Wait> Body()
        {
            while (true)
            {
                yield return Wait.For(_rng.ExponentialNanos(Units.Second));
                Count++;
            }
        }

        public void Run(double horizonUnits) => _sim.Run(Units.FromSeconds(horizonUnits));
    }

    /// <summary>The floor of <see cref="Timeouts"/>: the same draws and the same N pending wake-ups in .NET's own
    /// binary heap, with no engine, process or dispatch. The engine's bar is its cost per timeout against this.</summary>
    public sealed class HeapLoop(int processes, ulong seed)
    {
        private readonly RandomStream _rng = new Simulation(seed).Random["bench"];
        public long Count;

        public void Run(double horizonUnits)
        {
            var horizon = Units.FromSeconds(horizonUnits);
            var heap = new PriorityQueue<int, long>(processes);
            for (var i = 0; i < processes; i++)
                heap.Enqueue(i, _rng.ExponentialNanos(Units.Second));
            while (heap.TryPeek(out var id, out var time) && time < horizon)
            {
                Count++;
                heap.DequeueEnqueue(id, time + _rng.ExponentialNanos(Units.Second));
            }
        }
    }

    public sealed class Mmc
    {
        private readonly Simulation _sim;
        private readonly RandomStream _rng;
        private readonly Resource _servers;
        private readonly int _customers;
        private readonly double _meanInterarrivalNanos;
        public long Done;
        public long SumWaitNanos;

        public Mmc(int customers, int servers, double rho, ulong seed)
        {
            _sim = new Simulation(seed);
            _rng = _sim.Random["bench"];
            _servers = _sim.Resource(servers);
            _customers = customers;
            _meanInterarrivalNanos = Units.Second / (rho * servers);
            _sim.Start(Source());
        }

        public double MeanWaitUnits => Done == 0 ? 0 : SumWaitNanos / (double)Done / Units.Second;

        public double FinalTimeUnits => Units.ToSeconds(_sim.Now);

        public long KernelEvents => _sim.EventsProcessed;

        private IEnumerable<Wait> Source()
        {
            for (var i = 0; i < _customers; i++)
            {
                yield return Wait.For(_rng.ExponentialNanos(_meanInterarrivalNanos));
                _sim.Start(Customer());
            }
        }

        private IEnumerable<Wait> Customer()
        {
            var arrival = _sim.Now;
            yield return _servers.Request();
            SumWaitNanos += _sim.Now - arrival;
            yield return Wait.For(_rng.ExponentialNanos(Units.Second));
            _servers.Release();
            Done++;
        }

        public void Run() => _sim.Run();
    }
}
