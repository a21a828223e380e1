using System.Globalization;
using CsvHelper;

namespace StallSim.Simulator.Output;

/// <summary>How every CSV stallsim writes prints a real number: at most three decimals, culture-free, so that the same
/// run gives the same bytes; read back, it must be a finite number (a column's null is an empty field).</summary>
public sealed class CsvNumber : ICsvConverter<double>
{
    public double Read(CsvReader reader, int index)
    {
        var text = reader.GetString(index);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw new FormatException($"'{text}' is not a finite number");
    }

    public void Write(CsvWriter writer, double value) => writer.WriteField(Text(value));

    public static string Text(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
