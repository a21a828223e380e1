using StallSim.PoolModel;
using StallSim.PoolModel.Observe;
using StallSim.Simulator.Margins;

namespace StallSim.Simulator.Tests;

/// <summary>The search of margins on verdicts whose boundary is known: a stand-in for runs that stalls from a
/// threshold of our choosing, per seed.</summary>
public class MarginSearchTests
{
    private static readonly MarginAxis Walk = new("walk", "go.costs.scan_per_element", "ns", 1, 300, 2, 90, "90ns", _ => new Scenario())
    { StressUpwards = true };

    /// <summary>A run's summary with only what the search reads: its seed and verdict.</summary>
    private static RunSummary Summary(ulong seed, Verdict v) =>
        new("t", "v", seed, 0, 0, 0, 0, 0, v, null, 0, 0, 0, 0, 0, 0, null, null, new Counts(0, null, 0, 0, 0, 0, 0, 0), 0, 0, []);

    /// <summary>Seeds that stall at and above their threshold.</summary>
    private static Func<double, Probe> Stalls(params double[] thresholds) => x =>
        new Probe(x, [.. thresholds.Select((t, i) => Summary((ulong)i + 1, x >= t ? Verdict.Metastable : Verdict.Recovered))]);

    [Fact]
    public void A_monotone_boundary_is_found_within_the_resolution_on_the_right_side()
    {
        var probe = Stalls(47.3);
        var reference = probe(90).Runs;
        var m = new MarginSearch("buggy", Walk, Direction.Down, probe).Run(90, reference);
        Assert.True(m.Stalled);
        Assert.NotNull(m.Keep);
        Assert.NotNull(m.Change);
        Assert.True(m.Keep >= 47.3, $"keep {m.Keep}: still stalled there");
        Assert.True(m.Change < 47.3, $"change {m.Change}: recovered there");
        Assert.True(m.Keep - m.Change <= 2, $"interval {m.Change}..{m.Keep} wider than 2 ns");
        Assert.Equal(Verdict.Recovered, m.Beyond);
        Assert.Empty(m.Disagreeing);
    }

    [Fact]
    public void No_change_to_the_end_of_the_range_is_an_answer()
    {
        var probe = Stalls(1000);   // never stalls below 1000 ns
        var m = new MarginSearch("fixed", Walk, Direction.Up, probe).Run(90, probe(90).Runs);
        Assert.False(m.Stalled);
        Assert.Null(m.Change);
        Assert.Null(m.Keep);
        Assert.Contains("no change up to 300ns", m.Note);
    }

    [Fact]
    public void Seeds_that_disagree_between_the_edges_are_listed_and_the_interval_spans_them()
    {
        var probe = Stalls(44, 50);   // seed 1 stalls from 44 ns, seed 2 from 50 ns
        var m = new MarginSearch("buggy", Walk, Direction.Down, probe).Run(90, probe(90).Runs);
        Assert.True(m.Keep >= 50 && m.Keep - 50 <= 2, $"keep {m.Keep}: both seeds stalled there, within 2 ns of 50");
        Assert.True(m.Change < 44 && 44 - m.Change <= 2, $"change {m.Change}: neither seed stalled there, within 2 ns of 44");
        Assert.NotEmpty(m.Disagreeing);
        Assert.All(m.Disagreeing, p => Assert.InRange(p.X, 44, 50));
    }

    [Fact]
    public void A_verdict_that_comes_back_past_the_change_is_reported()
    {
        // Stalled from 47 ns, and again below 3 ns: not monotone.
        Probe P(double x) => new(x, [Summary(1, x >= 47 || x < 3 ? Verdict.Metastable : Verdict.Recovered)]);
        var m = new MarginSearch("buggy", Walk, Direction.Down, P).Run(90, P(90).Runs);
        Assert.True(m.Change < 47);
        Assert.Contains("comes back", m.Note);
    }
}

/// <summary>margins through the command line, on a small scenario.</summary>
[Collection("cli")]
public class MarginsCommandTests
{
    [Fact]
    public void Margins_csv_is_byte_identical_whatever_jobs_is()
    {
        var file = CliHarness.TempYaml(CliHarness.Small);
        var one = CliHarness.TempDir();
        var two = CliHarness.TempDir();
        var a = CliHarness.Run("margins", file, "--jobs", "1", "--out", one, "--quiet");
        var b = CliHarness.Run("margins", file, "--jobs", "2", "--out", two, "--quiet");
        Assert.True(a.Code == 0, a.Err);
        Assert.True(b.Code == 0, b.Err);
        var csv = File.ReadAllText(Path.Combine(one, "margins.csv"));
        Assert.Equal(csv, File.ReadAllText(Path.Combine(two, "margins.csv")));
        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        // Two variants, three default axes (load, the episode, the walk), one direction each.
        Assert.Equal(6, rows.Count);
        foreach (var axis in new[] { ",load,", ",episode,", ",walk," }) Assert.Equal(2, rows.Count(r => r.Contains(axis)));
        Assert.Contains("How far from the stall", File.ReadAllText(Path.Combine(one, "report.md")));
    }

    public static TheoryData<string, string[], string[]> BadMargins => new()
    {
        { "an unknown axis key", ["--axis", "pool.nosuch=1..2"], ["--axis pool.nosuch=1..2", "not a scenario key"] },
        { "a key that is not numeric", ["--axis", "name=1..2"], ["--axis name=1..2", "'name'"] },
        { "a reversed range", ["--axis", "pool.capacity=30..10"], ["--axis pool.capacity=30..10", "FROM below TO"] },
        { "an empty range", ["--axis", "pool.capacity=10..10"], ["FROM below TO"] },
        { "a range without its dots", ["--axis", "pool.capacity=10"], ["expected KEY=FROM..TO"] },
        { "ends in two units", ["--axis", "horizon=10s..1m"], ["one unit"] },
        { "a resolution of 0", ["--resolution", "load=0"], ["--resolution load=0", "above 0"] },
        { "a negative resolution", ["--resolution", "walk=-1ns"], ["--resolution walk=-1ns", "above 0"] },
        { "a resolution of no axis", ["--resolution", "nosuch=1"], ["no axis 'nosuch'"] },
        { "--seeds 0", ["--seeds", "0"], ["--seeds 0", "from 1 to"] },
        { "a search above --max-events", ["--max-events", "1000000"], ["margins of small", "simulated events", "--max-events 1,000,000"] },
    };

    [Theory]
    [MemberData(nameof(BadMargins))]
    public void Bad_margins_input_is_refused_with_one_line_and_nothing_written(string label, string[] flags, string[] fragments)
    {
        var outDir = CliHarness.TempDir();
        var outcome = CliHarness.Run(["margins", CliHarness.TempYaml(CliHarness.Small), "--out", outDir, "--quiet", .. flags]);
        BadInputTests.AssertRejectedAs(label, outcome, outDir, fragments);
    }
}
