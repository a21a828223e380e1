using CsvHelper;

namespace StallSim.Simulator.Output;

/// <summary>How many goroutines stood at a site at an instant: the columns a census has wherever it is kept (census.csv
/// after its run's variant and seed; a kept twin run's census.csv alone).</summary>
[CsvRecord]
public sealed partial record CensusCount
{
    [CsvColumn("t_s"), CsvConverter(typeof(CsvNumber))]
    public double TimeS { get; set; }

    [CsvColumn("site")]
    public string Site { get; set; } = "";

    [CsvColumn("goroutines")]
    public int Goroutines { get; set; }
}

/// <summary>A row of census.csv (docs/outputs.md#censuscsv): a run's variant and seed, then its count at one site and
/// instant. The one table of its columns, written and read by name through CsvHelper's generated map.</summary>
[CsvRecord]
public sealed partial record CensusRow
{
    [CsvColumn("variant")]
    public string Variant { get; set; } = "";

    [CsvColumn("seed")]
    public ulong Seed { get; set; }

    [CsvColumn(Prefix = "")]
    public CensusCount Count { get; set; } = new();

    /// <summary>The columns, in the file's order.</summary>
    public static IReadOnlyList<string> Columns { get; } = CsvTable.HeaderOf<CensusRow>();
}
