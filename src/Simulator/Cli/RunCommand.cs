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
        var scenario = Work.Limited(input.Scenario, Work.GoroutineLimit(options));
        var expectations = ScenarioInput.VerdictAssertions("--expect", options.Expectations, scenario.Variants);
        var never = ScenarioInput.VerdictAssertions("--never", options.Never, scenario.Variants);
        var jobs = ScenarioInput.Jobs(options.Jobs);
        var outDir = options.Out ?? Path.Combine("results", scenario.Name);
        var bothWalks = !BothWalks.Named(input.Tree);
        var cold = bothWalks ? Work.Limited(BothWalks.Cold(input.Tree), scenario.GoroutineLimit) : null;
        Work.Check(
            scenario.Name,
            Work.Events(scenario) * (bothWalks ? 2 : 1),
            Work.LiveGoroutines(scenario),
            options.MaxEvents,
            options.Force,
            Work.Memory(scenario)
        );
        var marginsSpec = Margins.MarginsSpec.Default;
        if (options.Margins)
            MarginsCommand.Check(input, marginsSpec, options.MaxEvents, options.Force, withScenario: false, jobs);
        OutputDirectory.Prepare(outDir, "--out");

        var console = new ConsoleOutput(options.Quiet);
        var runs = scenario.Variants.Count * scenario.Seeds.Count;
        var results = Runner.RunAll(scenario, jobs, f => console.Progress($"{scenario.Name}: {runs} run{(runs == 1 ? "" : "s")}", f));
        console.EndProgress();
        var coldResults = cold is null
            ? null
            : Runner.RunAll(cold, jobs, f => console.Progress($"{scenario.Name}: the same on the cold walk", f));
        console.EndProgress();
        var margins = options.Margins ? MarginsCommand.Find(input, results, marginsSpec, jobs, scenario.GoroutineLimit, console) : null;

        var yaml = input.Tree.Serialize();
        var reproduce =
            "dotnet run --project src/Simulator -c Release -- run "
            + ShippedScenarios.ReproducibleName(options.File)
            + string.Concat(options.Sets.Select(s => $" --set {s}"))
            + (options.Seed is { } seed ? $" --seed {seed}" : "")
            + (options.SeedCount is { } n ? $" --seeds {n}" : "")
            + string.Concat(options.Variants.Select(v => $" --variant {v}"))
            + (options.Margins ? " --margins" : "");
        using (var files = new OutputFiles(outDir))
        {
            files.WriteText("scenario.yaml", yaml);
            var summaryTable = CsvFiles.Summary(results, options.Timing);
            var timeseries = CsvFiles.Timeseries(results);
            var censusTable = CsvFiles.Census(results);
            CsvFiles.Write(files.Reserve("summary.csv"), summaryTable);
            CsvFiles.Write(files.Reserve("timeseries.csv"), timeseries);
            CsvFiles.Write(files.Reserve("census.csv"), censusTable);
            Output
                .Html.RunHtml.Build(
                    scenario,
                    summaryTable,
                    timeseries,
                    censusTable,
                    margins is null ? null : Margins.MarginsOutputs.Table(margins)
                )
                .Write(files.Reserve("report.html"));
            RunPlots.Goodput(files.Reserve("goodput.png"), scenario, results);
            RunPlots.State(files.Reserve("state.png"), scenario, results);
            RunPlots.Latency(files.Reserve("latency.png"), scenario, results);
            var census = CensusTable.Build(results);
            RunPlots.Census(files.Reserve("census.png"), scenario, census);
            if (margins is not null)
                MarginsCommand.Write(files, margins, input);
            var summaries = results.Select(r => r.Summary).ToList();
            var replicated = scenario.Seeds.Count > 1;
            if (replicated)
                Replications.WriteCsv(files.Reserve("replications.csv"), summaries);
            files.WriteText("report.md", Report.Build(scenario, yaml, results, census, reproduce, md =>
                {
                    if (coldResults is not null)
                        BothWalks.AppendSection(md, results, coldResults);
                    if (replicated)
                        Replications.AppendSection(md, summaries);
                    if (margins is not null)
                        Margins.MarginsOutputs.AppendSection(md, margins, MarginsCommand.Calibrated(input));
                }));
            files.Commit();
        }
        console.SummaryTable(results);
        if (coldResults is not null)
            console.Line(
                "no walk table named: the verdicts above are on the warm walk; on the cold walk: "
                    + string.Join(
                        ", ",
                        coldResults.Select(r => $"{r.Summary.Variant} seed {r.Summary.Seed} {BothWalks.Verdict(r.Summary)}")
                    )
            );
        if (margins is not null)
            foreach (var line in Margins.MarginsOutputs.Lines(margins, MarginsCommand.Calibrated(input)))
                console.Line(line);
        console.Line(
            $"wrote {outDir}/: report.md, report.html, summary.csv, timeseries.csv, census.csv, goodput.png, state.png, latency.png, "
                + $"census.png, scenario.yaml"
                + (scenario.Seeds.Count > 1 ? ", replications.csv" : "")
                + (margins is null ? "" : ", margins.csv, margins.png")
        );
        return CheckExpectations(expectations, never, results);
    }

    internal static int CheckExpectations(
        IReadOnlyList<(string Variant, IReadOnlySet<Verdict> Verdicts)> expectations,
        IReadOnlyList<(string Variant, IReadOnlySet<Verdict> Verdicts)> never,
        IReadOnlyList<RunResult> results
    )
    {
        var failed = 0;
        foreach (var (variant, verdicts) in expectations)
        foreach (var s in results.Select(r => r.Summary).Where(s => s.Variant == variant && !verdicts.Contains(s.Verdict)))
        {
            Console.Error.WriteLine(
                $"expectation failed: {variant} is {ScenarioInput.Said(verdicts)}, but {s.Scenario} seed {s.Seed} was "
                    + $"{CsvFiles.VerdictName(s.Verdict)}"
            );
            failed++;
        }
        foreach (var (variant, verdicts) in never)
        foreach (var s in results.Select(r => r.Summary).Where(s => s.Variant == variant && verdicts.Contains(s.Verdict)))
        {
            Console.Error.WriteLine(
                $"expectation failed: {variant} is never {ScenarioInput.Said(verdicts)}, but {s.Scenario} seed {s.Seed} was "
                    + $"{CsvFiles.VerdictName(s.Verdict)}"
            );
            failed++;
        }
        return failed == 0 ? 0 : ExpectationFailed;
    }
}
