using CsvHelper;

namespace StallSim.Simulator.Output;

/// <summary>A row of census.csv (docs/outputs.md#censuscsv): how many goroutines stood at a site at an instant of a run.
/// The one table of its columns, written and read by name through CsvHelper's generated map.</summary>
[CsvRecord]
public sealed partial record CensusRow
{
    [CsvColumn("variant")]
    public string Variant { get; set; } = "";

    [CsvColumn("seed")]
    public ulong Seed { get; set; }

    [CsvColumn("t_s"), CsvConverter(typeof(CsvNumber))]
    public double TimeS { get; set; }

    [CsvColumn("site")]
    public string Site { get; set; } = "";

    [CsvColumn("goroutines")]
    public int Goroutines { get; set; }

    /// <summary>The columns, in the file's order.</summary>
    public static IReadOnlyList<string> Columns { get; } = CsvTable.HeaderOf<CensusRow>();
}
