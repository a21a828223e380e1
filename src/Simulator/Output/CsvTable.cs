namespace StallSim.Simulator.Output;

/// <summary>A CSV file's content before it is written: its header and its rows of fields, exactly as the file holds
/// them. The CSV writer and report.html both take it, so that the page cannot draw other values than the file has.</summary>
public sealed record CsvTable(IReadOnlyList<string> Header, IReadOnlyList<string[]> Rows)
{
    public static CsvTable Of(IReadOnlyList<string> header, IEnumerable<IEnumerable<string>> rows) =>
        new(header, [.. rows.Select(r => r.ToArray())]);

    /// <summary>A field as the number its text writes, or null (empty, text, or not finite).</summary>
    public static double? Number(string field) =>
        double.TryParse(field, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v)
        && double.IsFinite(v)
            ? v
            : null;

    /// <summary>The index of a column by name.</summary>
    public int Column(string name)
    {
        for (var i = 0; i < Header.Count; i++)
            if (Header[i] == name)
                return i;
        throw new ArgumentException($"no column '{name}' in {string.Join(",", Header)}");
    }

    /// <summary>Only the named columns, in that order, rows kept.</summary>
    public CsvTable Select(params string[] columns)
    {
        var index = columns.Select(Column).ToArray();
        return new CsvTable(columns, [.. Rows.Select(r => index.Select(i => r[i]).ToArray())]);
    }
}
