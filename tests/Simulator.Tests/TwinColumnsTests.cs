using System.Reflection;
using System.Text.RegularExpressions;

namespace StallSim.Simulator.Tests;

/// <summary>The twin's sampler (Go) writes stallsim's timeseries.csv columns, in the C# table's order, then the
/// twin's own ones that the C# reader knows: a column added on either side alone fails here.</summary>
public class TwinColumnsTests
{
    /// <summary>The Columns list of twin/driver/sampler.go as the tool ships it (embedded, built by stallsim twin).</summary>
    private static List<string> GoColumns()
    {
        using var stream = typeof(Output.CsvFiles).Assembly.GetManifestResourceStream("twin/driver/sampler.go")!;
        using var reader = new StreamReader(stream);
        var source = reader.ReadToEnd();
        var list = Regex.Match(source, @"var Columns = \[\]string\{(?<body>[^}]*)\}").Groups["body"].Value;
        return [.. Regex.Matches(list, "\"([^\"]+)\"").Select(m => m.Groups[1].Value)];
    }

    [Fact]
    public void The_twins_columns_are_stallsims_then_its_own()
    {
        var go = GoColumns();
        Assert.Equal([.. Output.CsvFiles.TimeseriesColumns, .. Twin.TwinCsv.TwinOwnColumns], go);
    }

    [Fact]
    public void The_shipped_twin_source_is_the_repositorys()
    {
        using var stream = typeof(Output.CsvFiles).Assembly.GetManifestResourceStream("twin/driver/sampler.go")!;
        using var reader = new StreamReader(stream);
        Assert.Equal(File.ReadAllText(Path.Combine(CliHarness.RepositoryRoot, "twin", "driver", "sampler.go")), reader.ReadToEnd());
    }
}
