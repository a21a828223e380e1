using StallSim.PoolModel.Waitlist;

namespace StallSim.Simulator.Tests;

/// <summary>The twin's waitlist.go keeps release-23.0's lines, so that one line table (WaitlistGo) reads the twin's
/// dumps and the seed's: every line the C# table names holds the statement it says, in the twin's source as the tool
/// ships it. Moving a statement in the twin, or a number in the table, fails here.</summary>
public class WaitlistLinesTests
{
    [Fact]
    public void Every_line_of_the_table_holds_its_statement_in_the_twins_waitlist()
    {
        using var stream = typeof(Output.CsvFiles).Assembly.GetManifestResourceStream("twin/pool/waitlist.go")!;
        using var reader = new StreamReader(stream);
        var lines = reader.ReadToEnd().Split('\n');
        foreach (var (line, statement) in WaitlistGo.Statements)
            Assert.True(lines[line - 1].Trim().StartsWith(statement, StringComparison.Ordinal), $"waitlist.go:{line} is '{lines[line - 1].Trim()}'");
    }

    [Fact]
    public void Every_site_at_a_line_is_named_by_it()
    {
        foreach (var (line, site) in BlockingSites.ByLine)
            Assert.Equal($"waitlist.go:{line}", site.Name);
        Assert.Equal(":149", BlockingSites.Line(BlockingSites.ReturnerLock));
    }
}
