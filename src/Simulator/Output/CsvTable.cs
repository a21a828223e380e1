namespace StallSim.Simulator.Output;

/// <summary>A CSV file's content before it is written: its header and its rows of fields, exactly as the file holds
/// them. The CSV writer and report.html both take it, so that the page cannot draw other values than the file has.</summary>
public sealed record CsvTable(IReadOnlyList<string> Header, IReadOnlyList<string[]> Rows)
{
    public static CsvTable Of(IReadOnlyList<string> header, IEnumerable<IEnumerable<string>> rows) =>
        new(header, [.. rows.Select(r => r.ToArray())]);

    /// <summary>Records of a CSV record type, as CsvHelper's generated map writes them: its header, and each record's
    /// fields formatted as the type's attributes say.</summary>
    public static CsvTable Of<T>(IEnumerable<T> records, CsvHelper.CsvRecordWriter<T>? map = null)
    {
        var text = new StringWriter();
        using (var csv = CsvHelper.CsvWriter.Create(text, CsvHelper.CsvWriterOptions.Default, leaveOpen: true))
        {
            map ??= CsvHelper.CsvRecordWriter.Create<T>();
            map.WriteHeader(csv);
            csv.EndRecord();
            foreach (var r in records)
            {
                map.Write(csv, r);
                csv.EndRecord();
            }
        }
        using var reader = CsvHelper.CsvReader.Create(
            new StringReader(text.ToString()),
            CsvHelper.CsvReaderOptions.Default with
            {
                HasHeader = false,
            }
        );
        var rows = new List<string[]>();
        while (reader.Read())
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i) ?? "")]);
        return new CsvTable(rows[0], rows[1..]);
    }

    /// <summary>The column names of a CSV record type, in its order.</summary>
    public static IReadOnlyList<string> HeaderOf<T>() => Of<T>([]).Header;

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
