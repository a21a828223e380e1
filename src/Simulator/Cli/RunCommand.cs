using StallSim.PoolModel.Observe;
using StallSim.Simulator.Output;
using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Cli;

/// <summary><c>stallsim run [FILE]</c>: run every variant and seed, write the eight outputs, print the table,
/// check --expect.</summary>
public static class RunCommand
{
    public const int ExpectationFailed = 1;

    public static int Execute(RunOptions options)
    {
        if (options.More.FirstOrDefault() is { } second)
            throw new InputException($"run takes one scenario, got also '{second}'; run each in turn (or sweep them)");
        var input = ScenarioInput.From(options.File, options);
        var scenario = input.Scenario;
        var expectations = ScenarioInput.VerdictAssertions("--expect", options.Expectations, scenario.Variants);
        var jobs = ScenarioInput.Jobs(options.Jobs);
        var outDir = options.Out ?? Path.Combine("results", scenario.Name);
        Work.Check(scenario, options.MaxEvents, options.Force);
        OutputDirectory.Prepare(outDir, "--out");

        var console = new ConsoleOutput(options.Quiet);
        var runs = scenario.Variants.Count * scenario.Seeds.Count;
        var results = Runner.RunAll(scenario, jobs, f => console.Progress($"{scenario.Name}: {runs} run{(runs == 1 ? "" : "s")}", f));
        console.EndProgress();

        var yaml = input.Tree.Serialize();
        var reproduce = "dotnet run --project src/Simulator -c Release -- run " + ShippedScenarios.ReproducibleName(options.File)
                        + string.Concat(options.Sets.Select(s => $" --set {s}"))
                        + (options.Seed is { } seed ? $" --seed {seed}" : "")
                        + string.Concat(options.Variants.Select(v => $" --variant {v}"));
        using (var files = new OutputFiles(outDir))
        {
            files.WriteText("scenario.yaml", yaml);
            CsvFiles.WriteSummary(files.Reserve("summary.csv"), results, options.Timing);
            CsvFiles.WriteTimeseries(files.Reserve("timeseries.csv"), results);
            CsvFiles.WriteCensus(files.Reserve("census.csv"), results);
            RunPlots.Goodput(files.Reserve("goodput.png"), scenario, results);
            RunPlots.State(files.Reserve("state.png"), scenario, results);
            RunPlots.Latency(files.Reserve("latency.png"), scenario, results);
            var census = CensusTable.Build(results);
            RunPlots.Census(files.Reserve("census.png"), scenario, census);
            files.WriteText("report.md", Report.Build(scenario, yaml, results, census, reproduce));
            files.Commit();
        }
        console.SummaryTable(results);
        console.Line($"wrote {outDir}/: report.md, summary.csv, timeseries.csv, census.csv, goodput.png, state.png, latency.png, census.png, scenario.yaml");
        return CheckExpectations(expectations, results);
    }

    internal static int CheckExpectations(IReadOnlyList<(string Variant, Verdict Verdict)> expectations, IReadOnlyList<RunResult> results)
    {
        var failed = 0;
        foreach (var (variant, verdict) in expectations)
            foreach (var s in results.Select(r => r.Summary).Where(s => s.Variant == variant && s.Verdict != verdict))
            {
                Console.Error.WriteLine($"expectation failed: {variant}={CsvFiles.VerdictName(verdict)}, but {s.Scenario} seed {s.Seed} was {CsvFiles.VerdictName(s.Verdict)}");
                failed++;
            }
        return failed == 0 ? 0 : ExpectationFailed;
    }
}
