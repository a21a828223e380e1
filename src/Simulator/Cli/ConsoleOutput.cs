using System.Diagnostics;
using System.Globalization;
using StallSim.PoolModel.Observe;
using StallSim.Simulator.Output;

namespace StallSim.Simulator.Cli;

/// <summary>What the CLI prints: the summary table on stdout, and a progress line on stderr for runs longer
/// than a second when stderr is a terminal.</summary>
public sealed class ConsoleOutput(bool quiet)
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private long _lastDrawMs = -1;
    private bool _drawn;

    public bool Quiet => quiet;

    private bool ShowProgress => !quiet && !Console.IsErrorRedirected;

    public void Line(string text)
    {
        if (!quiet)
            Console.WriteLine(text);
    }

    public void Progress(string label, double fraction, string? detail = null)
    {
        if (!ShowProgress)
            return;
        var ms = _watch.ElapsedMilliseconds;
        if (ms < 1000 || ms - _lastDrawMs < 200)
            return;
        _lastDrawMs = ms;
        _drawn = true;
        var width = 30;
        var filled = (int)Math.Round(Math.Clamp(fraction, 0, 1) * width);
        Console.Error.Write($"\r{label} [{new string('#', filled)}{new string('.', width - filled)}] {fraction, 6:P1} {detail}   ");
    }

    public void EndProgress()
    {
        if (_drawn)
            Console.Error.Write("\r" + new string(' ', Math.Max(0, Console.IsErrorRedirected ? 0 : 100)) + "\r");
        _drawn = false;
    }

    public void SummaryTable(IReadOnlyList<RunResult> results)
    {
        if (quiet)
            return;
        var rows = new List<string[]>
        {
            new[]
            {
                "variant",
                "seed",
                "verdict",
                "baseline/s",
                "final/s",
                "recovery",
                "drain",
                "latency back",
                "wasted handoffs",
                "peak waitlist",
                "wall",
            },
        };
        rows.AddRange(
            results
                .Select(r => r.Summary)
                .Select(s =>
                    new[]
                    {
                        s.Variant,
                        s.Seed.ToString(CultureInfo.InvariantCulture),
                        CsvFiles.VerdictName(s.Verdict),
                        s.BaselineGoodputPerS.ToString("0", CultureInfo.InvariantCulture),
                        s.FinalGoodputPerS.ToString("0", CultureInfo.InvariantCulture),
                        s.RecoveryS is { } rec ? rec.ToString("0.#", CultureInfo.InvariantCulture) + " s" : "-",
                        s.DrainS is { } dr ? dr.ToString("0.#", CultureInfo.InvariantCulture) + " s" : "-",
                        s.LatencyRecoveryS is { } lr ? lr.ToString("0.#", CultureInfo.InvariantCulture) + " s" : "-",
                        s.WastedHandoffs.ToString("N0", CultureInfo.InvariantCulture),
                        s.PeakWaitlist.ToString("N0", CultureInfo.InvariantCulture),
                        s.WallS is { } w ? w.ToString("0.00", CultureInfo.InvariantCulture) + " s" : "",
                    }
                )
        );
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
            Console.WriteLine(
                string.Join("  ", row.Select((cell, c) => c < 2 || c == 2 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd()
            );
    }
}
