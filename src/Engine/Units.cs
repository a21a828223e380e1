using System.Globalization;

namespace StallSim.Engine;

/// <summary>
/// Virtual time is an integer count of nanoseconds, so that every run is exact and repeatable.
/// Durations are read and written with a unit, the way Go prints a time.Duration
/// (<c>250ns</c>, <c>40us</c>, <c>1.5ms</c>, <c>30s</c>); rates are read as <c>700/s</c>.
/// </summary>
public static class Units
{
    public const long Nanosecond = 1;
    public const long Microsecond = 1_000;
    public const long Millisecond = 1_000_000;
    public const long Second = 1_000_000_000;
    public const long Minute = 60 * Second;
    public const long Hour = 60 * Minute;

    private static readonly (string Suffix, long Nanos)[] DurationUnits =
    [
        ("ns", Nanosecond),
        ("us", Microsecond),
        ("µs", Microsecond),
        ("ms", Millisecond),
        ("s", Second),
        ("m", Minute),
        ("h", Hour),
    ];

    private static readonly (string Suffix, long Nanos)[] FormatUnits =
    [
        ("h", Hour),
        ("m", Minute),
        ("s", Second),
        ("ms", Millisecond),
        ("us", Microsecond),
        ("ns", Nanosecond),
    ];

    /// <summary>Parses a duration such as <c>1.5ms</c> into nanoseconds. Throws <see cref="FormatException"/>
    /// naming what was expected when the text has no known unit, is negative, or is not a whole number of
    /// nanoseconds.</summary>
    public static long ParseDuration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Trim();
        // Longest suffix first, so that "ms" is not read as "m" + "s".
        foreach (var (suffix, nanos) in DurationUnits.OrderByDescending(u => u.Suffix.Length))
        {
            if (!s.EndsWith(suffix, StringComparison.Ordinal))
                continue;
            var number = s[..^suffix.Length];
            if (number.Length == 0 || !char.IsAsciiDigit(number[^1]))
                continue;
            if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
                throw new FormatException(
                    $"'{text}' is not a duration: expected a non-negative number followed by a unit (ns, us, ms, s, m, h), e.g. 1.5ms"
                );
            decimal total;
            try
            {
                total = value * nanos;
            }
            catch (OverflowException)
            {
                throw new FormatException($"'{text}' is too long a duration");
            }
            if (total > long.MaxValue)
                throw new FormatException($"'{text}' is too long a duration");
            if (total != decimal.Truncate(total))
                throw new FormatException($"'{text}' is not a whole number of nanoseconds");
            return (long)total;
        }
        throw new FormatException(
            $"'{text}' is not a duration: expected a non-negative number followed by a unit (ns, us, ms, s, m, h), e.g. 1.5ms"
        );
    }

    /// <summary>Prints nanoseconds exactly, with the largest unit that keeps the value at least 1 and needs
    /// at most three decimals (<c>1500000</c> is <c>1.5ms</c>; 80 s is <c>80s</c>, not 1.333m).</summary>
    public static string FormatDuration(long nanos)
    {
        if (nanos == 0)
            return "0s";
        var sign = nanos < 0 ? "-" : "";
        var magnitude = Math.Abs((decimal)nanos);
        foreach (var (suffix, unit) in FormatUnits)
        {
            if (magnitude < unit)
                continue;
            var value = magnitude / unit;
            if (value * 1000 != decimal.Truncate(value * 1000))
                continue;
            return sign + value.ToString("0.###", CultureInfo.InvariantCulture) + suffix;
        }
        return sign + magnitude.ToString(CultureInfo.InvariantCulture) + "ns";
    }

    /// <summary>Prints several durations that share a sentence in one unit: the largest unit in which the smallest
    /// of them is at least 1, except that minutes and hours are used only when every value is a round number of
    /// them (60 s and 80 s print as <c>60s</c> and <c>80s</c>, not <c>1m</c> and <c>1.333m</c>); at most three
    /// decimals, rounded.</summary>
    public static string[] FormatDurationsAlike(params long[] nanos)
    {
        var nonZero = nanos.Where(n => n != 0).Select(n => Math.Abs((decimal)n)).ToList();
        if (nonZero.Count == 0)
            return [.. nanos.Select(FormatDuration)];
        var smallest = nonZero.Min();
        var (suffix, unit) = FormatUnits.First(u =>
            u.Nanos <= Second ? smallest >= u.Nanos || u.Nanos == Nanosecond : nonZero.All(m => m % u.Nanos == 0)
        );
        return [.. nanos.Select(n => Math.Round((decimal)n / unit, 3).ToString("0.###", CultureInfo.InvariantCulture) + suffix)];
    }

    /// <summary>Parses a rate such as <c>700/s</c>, <c>2.5/ms</c> or <c>42000/m</c> into events per second.</summary>
    public static double ParseRate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split('/');
        if (
            parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var count)
            && double.IsFinite(count)
        )
        {
            var per = parts[1].Trim();
            var unitNanos = DurationUnits.FirstOrDefault(u => u.Suffix == per).Nanos;
            if (unitNanos > 0)
                return count * Second / unitNanos;
        }
        throw new FormatException($"'{text}' is not a rate: expected a non-negative number, '/', and a time unit, e.g. 700/s");
    }

    public static string FormatRate(double perSecond) => perSecond.ToString("0.###", CultureInfo.InvariantCulture) + "/s";

    public static double ToSeconds(long nanos) => nanos / (double)Second;

    public static long FromSeconds(double seconds) => checked((long)Math.Round(seconds * Second));
}
