using CsvHelper;
using StallSim.PoolModel.Observe;
using StallSim.Simulator.Dumps;
using StallSim.Simulator.Output;
using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Twin;

/// <summary>The twin's own columns of its timeseries.csv, after stallsim's (<see cref="TimeseriesRow"/>): new arrivals,
/// live goroutines, and the walk probe's elements and nanoseconds (runs kept before the probe lack these two).
/// twin/driver/sampler.go's Columns must be stallsim's then these; TwinColumnsTests holds the two sides together.</summary>
[CsvRecord]
public sealed partial record TwinOwnRow
{
    [CsvColumn("new_per_s"), CsvConverter(typeof(CsvNumber))]
    public double NewPerS { get; set; }

    [CsvColumn("goroutines")]
    public int Goroutines { get; set; }

    [CsvColumn("walk_elements", Optional = true)]
    public long? WalkElements { get; set; }

    [CsvColumn("walk_ns", Optional = true)]
    public long? WalkNs { get; set; }
}

/// <summary>The twin's CSV files, read and written through CsvHelper's maps: its timeseries.csv stallsim's columns then
/// <see cref="TwinOwnRow"/>'s, a kept run's census.csv the columns of a <see cref="CensusCount"/> (its dumps are large).</summary>
public static class TwinCsv
{
    public static IReadOnlyList<string> TwinOwnColumns { get; } = CsvTable.HeaderOf<TwinOwnRow>();

    /// <summary>The twin's timeseries.csv as samples and walk probes. A kept run is input like any other: every value
    /// checked, one line naming the file, the record and the column.</summary>
    public static (IReadOnlyList<Sample> Samples, IReadOnlyList<WalkCost.Probe> Walks) ReadTimeseries(string path)
    {
        var samples = new List<Sample>();
        var walks = new List<WalkCost.Probe>();
        CsvFiles.ReadEach(path, 1L << 30, "a twin run's timeseries.csv", reader =>
        {
            var sim = CsvRecordMapper.Create<TimeseriesRow>(reader);
            var own = CsvRecordMapper.Create<TwinOwnRow>(reader);
            return () =>
            {
                var (s, o) = (sim.Read(reader), own.Read(reader));
                // Samples in time order, each once: a row deleted or repeated by hand is refused, not merged.
                if (samples.Count > 0 && s.TimeS <= samples[^1].TimeS)
                    throw new InputException(
                        $"{path}: column t_s: {CsvNumber.Text(s.TimeS)} does not follow {CsvNumber.Text(samples[^1].TimeS)}; "
                            + "a row repeated or out of order"
                    );
                samples.Add(Sample(s, o));
                if (o is { WalkElements: { } elements, WalkNs: { } ns })
                    walks.Add(new WalkCost.Probe(s.TimeS, s.WaitlistLen, elements, ns));
            };
        });
        return (samples, walks);
    }

    /// <summary>A twin's row as the simulator's sample record, so that the same judge and plots read both.</summary>
    private static Sample Sample(TimeseriesRow s, TwinOwnRow o) =>
        new(
            s.TimeS,
            s.OfferedPerS,
            o.NewPerS,
            s.GoodputPerS,
            s.TimeoutsPerS,
            s.WastedHandoffsPerS,
            s.EvictionsPerS,
            s.InUse,
            s.Active,
            s.Idle,
            s.Returning,
            0,
            s.WaitlistLen,
            s.MutexWaiters,
            s.MutexStarving,
            s.P50Ms,
            s.P99Ms,
            o.Goroutines,
            0,
            0,
            0,
            s.Capacity,
            s.Available,
            s.Counts
        );

    /// <summary>The census a kept run wrote, by instant.</summary>
    public static IEnumerable<(double, GoroutineDump.Census)> ReadCensus(string path)
    {
        var rows = CsvFiles.ReadRecords<CensusCount>(path, 256L << 20, "a kept twin run's census.csv");
        foreach (var group in rows.GroupBy(r => r.TimeS))
        {
            var sites = group.Select(r => (Site: LineMap.CensusSite(r.Site, "a site of a kept census"), N: r.Goroutines)).ToList();
            if (sites.Select(s => s.Site.Name).Distinct().Count() != sites.Count)
                throw new InputException($"{path}: a site repeated at t_s {CsvNumber.Text(group.Key)}");
            yield return (group.Key, new GoroutineDump.Census(path, "twin", sites, sites.Sum(x => x.N)));
        }
    }

    /// <summary>Keeps a run's census under <paramref name="dir"/> (its timeseries.csv stays as the twin wrote it).</summary>
    public static void Keep(TwinRun run, string dir)
    {
        Directory.CreateDirectory(dir);
        CsvFiles.Write(
            Path.Combine(dir, "census.csv"),
            CsvTable.Of(
                from c in run.Census
                from s in c.Census.Sites
                select new CensusCount
                {
                    TimeS = c.TimeS,
                    Site = s.Site.Name,
                    Goroutines = s.Goroutines,
                }
            )
        );
    }
}
