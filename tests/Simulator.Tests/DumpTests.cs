using System.Text;
using StallSim.Simulator.Dumps;

namespace StallSim.Simulator.Tests;

/// <summary><c>stallsim dump</c>: real goroutine dumps counted by blocking site, by release-23.0's line map.</summary>
[Collection("cli")]
public class DumpTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static int Count(GoroutineDump.Census census, string site) =>
        census.Sites.Where(s => s.Site.Name == site).Sum(s => s.Goroutines);

    [Fact]
    public void A_hand_written_dump_in_the_seeds_format_is_counted_by_waitlist_line()
    {
        var census = GoroutineDump.Read(Fixture("seed-format-dump.txt"));
        Assert.Equal("release-23.0", census.LineMap);
        Assert.Equal(8, census.Total);
        Assert.Equal(2, Count(census, "waitlist.go:55"));
        Assert.Equal(1, Count(census, "waitlist.go:89"));
        Assert.Equal(1, Count(census, "waitlist.go:149"));
        Assert.Equal(1, Count(census, "waitlist.go:179"));   // the runnable one at :179 is counted as runnable
        Assert.Equal(1, Count(census, "waitlist.go:60"));
        Assert.Equal(1, Count(census, "runnable"));
        Assert.Equal(1, Count(census, "other"));            // the HTTP server's goroutine
    }

    /// <summary>The seed's table, as a dump of 18,423 goroutines with the seed's frames: the census gives the
    /// seed's counts back.</summary>
    [Fact]
    public void A_dump_with_the_seeds_counts_gives_the_seeds_table()
    {
        var seed = new (int Line, string Status, int Count)[]
        {
            (55, "sync.Mutex.Lock", 9_342), (89, "sync.Mutex.Lock", 8_631), (149, "sync.Mutex.Lock", 288),
            (179, "chan send", 152), (60, "select", 10),
        };
        var text = new StringBuilder();
        var id = 11279341158L;
        foreach (var (line, status, count) in seed)
            for (var i = 0; i < count; i++)
            {
                text.Append($"goroutine {id++} [{status}, 2 minutes]:\n");
                if (status == "sync.Mutex.Lock")
                    text.Append("sync.runtime_SemacquireMutex(0xc0001a2b34?, 0x0?, 0x1?)\n\t/usr/local/go/src/runtime/sema.go:95 +0x25\n")
                        .Append("sync.(*Mutex).Lock(...)\n\t/usr/local/go/src/sync/mutex.go:92\n");
                var function = line >= 149 ? "tryReturnConnSlow" : "waitForConn";
                text.Append($"vitess.io/vitess/go/pools/smartconnpool.(*waitlist[...]).{function}(0xc0001a2b30)\n")
                    .Append($"\t/vt/src/vitess.io/vitess/go/pools/smartconnpool/waitlist.go:{line} +0x7b\n\n");
            }
        var census = GoroutineDump.Parse("seed", new StringReader(text.ToString()));
        Assert.Equal(18_423, census.Total);
        foreach (var (line, _, count) in seed) Assert.Equal(count, Count(census, $"waitlist.go:{line}"));
    }

    [Fact]
    public void A_dump_the_twin_wrote_is_read_with_the_twins_line_map()
    {
        // 117 of the 23,020 goroutines of a dump the twin wrote (runtime.Stack) 45 s into seed-stall-twin's buggy
        // run, in the slow-database episode: waiters parked in the select, queries in their (sleeping) I/O.
        var census = GoroutineDump.Read(Fixture("twin-dump.txt"));
        Assert.Equal("twin", census.LineMap);
        Assert.Equal(117, census.Total);
        Assert.Equal(56, Count(census, "waitlist.go:60"));
        Assert.Equal(57, Count(census, "mysql I/O"));
        Assert.Equal(1, Count(census, "worker sleep"));
        Assert.Equal(3, Count(census, "other"));   // the sampler taking the dump, the driver's arrival loop and its sampling loop (both asleep)
    }

    [Fact]
    public void The_dump_command_prints_the_census_and_its_csv_rows()
    {
        var table = CliHarness.Run("dump", Fixture("seed-format-dump.txt"));
        Assert.Equal(0, table.Code);
        Assert.Contains("8 goroutines", table.Out);
        Assert.Matches(@"waitlist\.go:55\s+2\s+25\.0%", table.Out);
        var csv = CliHarness.Run("dump", "--csv", Fixture("seed-format-dump.txt"));
        Assert.Equal(0, csv.Code);
        Assert.Contains("seed-format-dump,,,waitlist.go:55,2", csv.Out);
    }

    /// <summary>(dump text, fragments of the one-line error).</summary>
    public static TheoryData<string, string, string[]> Malformed => new()
    {
        { "not a dump", "hello world\n", ["dump.txt:1", "goroutine N [status]"] },
        { "empty", "", ["dump.txt", "no goroutine"] },
        { "frame without file:line", "goroutine 1 [running]:\nmain.main()\n\nmain.f()\n", ["dump.txt:3", "file:line of 'main.main()'"] },
        { "file:line not a number", "goroutine 1 [running]:\nmain.main()\n\t/x/main.go:abc\n", ["dump.txt:3", "indented file:line"] },
        { "ends mid-frame", "goroutine 1 [running]:\nmain.main()\n", ["ends before the file:line"] },
        { "indented function", "goroutine 1 [running]:\n\tmain.main()\n", ["dump.txt:2", "expected a function"] },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_malformed_dump_is_refused_with_one_line_and_exit_2(string label, string text, string[] fragments)
    {
        var dir = CliHarness.TempDir();
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "dump.txt");
        File.WriteAllText(path, text);
        var outcome = CliHarness.Run("dump", path);
        Assert.True(outcome.Code == 2, $"{label}: exit {outcome.Code}");
        var err = outcome.Err.TrimEnd('\n');
        Assert.StartsWith("stallsim: ", err);
        Assert.DoesNotContain('\n', err);
        foreach (var fragment in fragments) Assert.Contains(fragment, err);
        Assert.Equal("", outcome.Out);
    }

    [Fact]
    public void A_directory_or_a_missing_file_is_refused()
    {
        var dir = CliHarness.TempDir();
        Directory.CreateDirectory(dir);
        var asDir = CliHarness.Run("dump", dir);
        Assert.Equal(2, asDir.Code);
        Assert.Contains("a directory", asDir.Err);
        var missing = CliHarness.Run("dump", Path.Combine(dir, "none.txt"));
        Assert.Equal(2, missing.Code);
        Assert.Contains("no such file", missing.Err);
    }
}
