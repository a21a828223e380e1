using System.IO.Compression;
using System.Text;
using StallSim.Simulator.Dumps;

namespace StallSim.Simulator.Tests;

/// <summary>Dumps as operators save them: debug=2 and debug=1, plain and gzipped (known by content), the
/// #20310 signature on the seed's counts and on a healthy tablet, and malformed files with a hint.</summary>
[Collection("cli")]
public class DumpFormatsTests
{
    /// <summary>The seed's table: its five sites, and 754 goroutines elsewhere (19,177 in all).</summary>
    private const string Stream = "vitess.io/vitess/go/vt/vttablet/tabletserver.(*TabletServer).StreamExecute";
    private const string Begin = "vitess.io/vitess/go/vt/vttablet/tabletserver.(*TxPool).Begin";

    private static readonly (string Site, string Function, string File, int Count, string Caller)[] Seed =
    [
        ("waitlist.go:55", "smartconnpool.(*waitlist[...]).waitForConn", "waitlist.go:55", 9_342, Stream),
        ("waitlist.go:89", "smartconnpool.(*waitlist[...]).waitForConn", "waitlist.go:89", 8_631, Stream),
        ("waitlist.go:149", "smartconnpool.(*waitlist[...]).tryReturnConnSlow", "waitlist.go:149", 288, Stream),
        ("waitlist.go:179", "smartconnpool.(*waitlist[...]).tryReturnConnSlow", "waitlist.go:179", 152, Stream),
        ("waitlist.go:60", "smartconnpool.(*waitlist[...]).waitForConn", "waitlist.go:60", 10, Stream),
        ("other", "net/http.(*conn).serve", "server.go:1995", 754, ""),
    ];

    /// <summary>A tablet serving: 400 connections streaming from MySQL, 300 waiters parked, a few joining.</summary>
    private static readonly (string Site, string Function, string File, int Count, string Caller)[] Healthy =
    [
        ("mysql I/O", "vitess.io/vitess/go/mysql.(*Conn).readEphemeralPacket", "conn.go:372", 400, Stream),
        ("waitlist.go:60", "smartconnpool.(*waitlist[...]).waitForConn", "waitlist.go:60", 300, Stream),
        ("waitlist.go:55", "smartconnpool.(*waitlist[...]).waitForConn", "waitlist.go:55", 5, Stream),
    ];

    private static string Path_(string file) => file.StartsWith("waitlist", StringComparison.Ordinal)
        ? "/vt/src/vitess.io/vitess/go/pools/smartconnpool/" + file : "/vt/src/vitess.io/vitess/go/mysql/" + file;

    private static string Function(string f) => f.StartsWith("smartconnpool", StringComparison.Ordinal) ? "vitess.io/vitess/go/pools/" + f : f;

    private static string Debug1((string Site, string Function, string File, int Count, string Caller)[] stacks)
    {
        var text = new StringBuilder($"goroutine profile: total {stacks.Sum(s => s.Count)}\n");
        foreach (var s in stacks)
            text.Append($"{s.Count} @ 0x43b1c6 0x44c8f1 0x4d2a17\n")
                .Append("#\t0x44c8f0\tsync.runtime_SemacquireMutex+0x24\t/usr/local/go/src/runtime/sema.go:77\n")
                .Append($"#\t0x4d2a16\t{Function(s.Function)}+0x7b\t{Path_(s.File)}\n")
                .Append(s.Caller.Length > 0 ? $"#\t0x5e1f00\t{s.Caller}+0x1a4\t/vt/src/vitess.io/vitess/go/vt/vttablet/tabletserver/tabletserver.go:1103\n\n" : "\n");
        return text.ToString();
    }

    private static string Debug2((string Site, string Function, string File, int Count, string Caller)[] stacks)
    {
        var text = new StringBuilder();
        var id = 1;
        foreach (var s in stacks)
            for (var i = 0; i < s.Count; i++)
                text.Append($"goroutine {id++} [semacquire, 2 minutes]:\n")
                    .Append("sync.runtime_SemacquireMutex(0xc0001a2b34?, 0x0?, 0x1?)\n\t/usr/local/go/src/runtime/sema.go:77 +0x25\n")
                    .Append($"{Function(s.Function)}(0xc0001a2b30)\n\t{Path_(s.File)} +0x7b\n")
                    .Append(s.Caller.Length > 0 ? $"{s.Caller}(0xc000a1b000, {{0x1f2e3d0, 0xc0003b2a80}})\n\t/vt/src/vitess.io/vitess/go/vt/vttablet/tabletserver/tabletserver.go:1103 +0x1a4\n\n" : "\n");
        return text.ToString();
    }

    private static string Write(string text, bool gzip, string name = "goroutines.txt")
    {
        var dir = CliHarness.TempDir();
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        if (!gzip) File.WriteAllText(path, text);
        else
        {
            using var file = File.Create(path);
            using var z = new GZipStream(file, CompressionLevel.Fastest);
            z.Write(Encoding.UTF8.GetBytes(text));
        }
        return path;
    }

    public static TheoryData<string, bool> Formats => new() { { "debug=1", false }, { "debug=1", true }, { "debug=2", false }, { "debug=2", true } };

    [Theory]
    [MemberData(nameof(Formats))]
    public void The_seeds_table_in_every_format_gives_the_seeds_counts(string format, bool gzip)
    {
        var path = Write(format == "debug=1" ? Debug1(Seed) : Debug2(Seed), gzip);
        var census = GoroutineDump.Read(path);
        Assert.Equal(19_177, census.Total);
        foreach (var s in Seed) Assert.Equal(s.Count, census.Sites.Where(x => x.Site.Name == s.Site).Sum(x => x.Goroutines));
    }

    [Fact]
    public void The_seeds_table_has_the_20310_signature_with_each_criterions_figure()
    {
        var outcome = CliHarness.Run("dump", Write(Debug1(Seed), gzip: true, "goroutines.pb.gz"));
        Assert.True(outcome.Code == 0, outcome.Err);
        Assert.Contains("the #20310 stall: yes", outcome.Out);
        // Figures worked out by hand from the seed's table: the stream pool's 18,423 goroutines (the 754 others
        // are in no pool), of which 9,342 + 8,631 + 288 = 18,261 on wl.mu.
        Assert.Contains("stream pool: 18,423 goroutines", outcome.Out);
        Assert.Contains("[x] most goroutines blocked on the waitlist's mutex (wl.mu): 18,261 of 18,423 (99.1%)", outcome.Out);
        Assert.Contains("in no pool: 754 goroutines, by top frame", outcome.Out);
        Assert.Contains("net/http.(*conn).serve  754", outcome.Out);
        Assert.Contains("[x] split between joining (:55) and removing themselves (:89): :55 9,342 (52%), :89 8,631 (48%)", outcome.Out);
        Assert.Contains("[x] the connections held by returners (:149, :179), none in MySQL I/O: 440 returners (288 at :149, 152 at :179), 0 in MySQL I/O", outcome.Out);
        Assert.Contains("[x] few waiters parked healthily (:60): 10 (0.1% of those on wl.mu)", outcome.Out);
        Assert.Contains("vitessio/vitess#20308", outcome.Out);
        Assert.Contains("stallsim run seed-stall", outcome.Out);
    }

    [Fact]
    public void A_healthy_tablet_does_not_have_the_signature()
    {
        var outcome = CliHarness.Run("dump", Write(Debug2(Healthy), gzip: false));
        Assert.True(outcome.Code == 0, outcome.Err);
        Assert.Contains("the #20310 stall: no (4 of 4 criteria fail)", outcome.Out);
        Assert.Contains("[ ] the connections held by returners (:149, :179), none in MySQL I/O: 0 returners (0 at :149, 0 at :179), 400 in MySQL I/O", outcome.Out);
        Assert.DoesNotContain("vitessio/vitess#20308", outcome.Out);
    }

    public static TheoryData<string, byte[], string[]> Malformed => new()
    {
        { "a binary pprof profile", [0x1f, 0x8b, .. Gzipped([0x0a, 0x10, 0x00, 0x01, 0x02, 0x1a, 0x03])], ["binary data", "?debug=2", "?debug=1"] },
        { "a gzip cut short", [.. Gzipped(Encoding.UTF8.GetBytes(Debug1(Seed))).Take(40)], ["gzipped, but not whole"] },
        { "debug=1 counts that do not add up", Encoding.UTF8.GetBytes(Debug1(Seed).Replace("total 19177", "total 19000")), ["count 19,177 goroutines", "says 19,000"] },
        { "a line of neither format", Encoding.UTF8.GetBytes("hello\n"), ["goroutines.txt:1", "expected 'goroutine N [status]:'", "debug=1"] },
        { "a debug=1 frame mangled", Encoding.UTF8.GetBytes("goroutine profile: total 1\n1 @ 0x1\nnot a frame\n"), ["goroutines.txt:3", "a frame"] },
    };

    private static byte[] Gzipped(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var z = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) z.Write(data);
        return buffer.ToArray();
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_malformed_dump_gets_one_line_with_a_hint(string label, byte[] content, string[] fragments)
    {
        var dir = CliHarness.TempDir();
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "goroutines.txt");
        File.WriteAllBytes(path, label == "a binary pprof profile" ? content[2..] : content);
        BadInputTests.AssertRejectedAs(label, CliHarness.Run("dump", path), "/nonexistent-marker", fragments);
    }

    [Theory]
    [InlineData("debug=1")]
    [InlineData("debug=2")]
    public void Two_pools_in_one_dump_are_split_by_the_frames_above_the_waitlist(string format)
    {
        (string Site, string Function, string File, int Count, string Caller)[] stacks =
            [.. Seed, ("waitlist.go:55", "smartconnpool.(*waitlist[...]).waitForConn", "waitlist.go:55", 7, Begin)];
        var census = GoroutineDump.Read(Write(format == "debug=1" ? Debug1(stacks) : Debug2(stacks), gzip: false));
        var stream = census.Pools.Single(p => p.Pool == "stream pool");
        var tx = census.Pools.Single(p => p.Pool == "transaction pool");
        Assert.Equal(9_342, stream.Sites.Single(s => s.Site.Name == "waitlist.go:55").Goroutines);
        Assert.Equal(7, tx.Sites.Single(s => s.Site.Name == "waitlist.go:55").Goroutines);
        Assert.Equal(7, tx.Total);
        Assert.Equal(9_349, census.Sites.Single(s => s.Site.Name == "waitlist.go:55").Goroutines);   // the whole dump still counts both
    }

    [Fact]
    public void A_dump_against_a_shipped_run_sits_beside_its_worst_instant_in_one_vocabulary()
    {
        var run = Path.Combine(CliHarness.RepositoryRoot, "results", "seed-stall");
        var outDir = CliHarness.TempDir();
        var outcome = CliHarness.Run("dump", Write(Debug1(Seed), gzip: false), "--against", run, "--out", outDir);
        Assert.True(outcome.Code == 0, outcome.Err);
        var rows = File.ReadAllLines(Path.Combine(outDir, "census.csv"));
        Assert.Equal("source,variant,seed,t_s,site,goroutines", rows[0]);
        Assert.Contains("dump,goroutines.txt (stream pool),,,waitlist.go:55,9342", rows);
        // The run's side is its census.csv's instant with the most goroutines on wl.mu, copied as it is.
        var runRows = File.ReadAllLines(Path.Combine(run, "census.csv")).Skip(1).Select(l => l.Split(',')).Where(f => f[0] == "buggy").ToList();
        var worst = runRows.GroupBy(f => f[2]).OrderByDescending(g => g.Where(f => f[3] is "waitlist.go:55" or "waitlist.go:89" or "waitlist.go:149").Sum(f => int.Parse(f[4]))).First();
        foreach (var f in worst) Assert.Contains($"run,buggy,{f[1]},{f[2]},{f[3]},{f[4]}", rows);
        Assert.True(File.Exists(Path.Combine(outDir, "census.png")));
        Assert.Matches(@"waitlist\.go:55\s+9,342 \(50\.7%\)", outcome.Out);   // 9,342 of the pool's 18,423
    }
}
