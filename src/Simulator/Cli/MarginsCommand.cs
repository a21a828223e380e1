using System.Text;
using StallSim.PoolModel.Observe;
using StallSim.Simulator.Margins;
using StallSim.Simulator.Output;
using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Cli;

/// <summary><c>stallsim margins SCENARIO</c>: run the scenario, then for each variant search each axis for the
/// nearest change of verdict; write margins.csv, margins.png and a report. <c>run --margins</c> does the same
/// searches into a run's outputs.</summary>
public static class MarginsCommand
{
    public static int Execute(MarginsOptions options)
    {
        var input = ScenarioInput.From(options.File, options);
        var scenario = Work.Limited(input.Scenario, Work.GoroutineLimit(options));
        var spec = MarginsSpec.Parse(options.Axes, options.Resolutions);
        var jobs = ScenarioInput.Jobs(options.Jobs);
        var outDir = options.Out ?? Path.Combine("results", scenario.Name, "margins");
        Check(input, spec, options.MaxEvents, options.Force, withScenario: true, jobs);
        OutputDirectory.Prepare(outDir, "--out");

        var console = new ConsoleOutput(options.Quiet);
        var results = Runner.RunAll(scenario, jobs, f => console.Progress($"{scenario.Name}: the scenario's runs", f));
        console.EndProgress();
        var margins = Find(input, results, spec, jobs, scenario.GoroutineLimit, console);

        var md = new StringBuilder();
        md.AppendLine($"# margins: {scenario.Name}").AppendLine();
        md.AppendLine(WhatHappened.Sentence(results.Select(r => r.Summary).ToList())).AppendLine();
        if (ProfileLine.For([scenario]) is { Length: > 0 } profile)
            md.AppendLine(profile).AppendLine();
        MarginsOutputs.AppendSection(md, margins, Calibrated(input));
        md.AppendLine("Reproduce:")
            .AppendLine()
            .AppendLine("```sh")
            .AppendLine(
                "dotnet run --project src/Simulator -c Release -- margins "
                    + ShippedScenarios.ReproducibleName(options.File)
                    + string.Concat(options.Sets.Select(s => $" --set {s}"))
                    + string.Concat(options.Axes.Select(a => $" --axis {a}"))
                    + string.Concat(options.Resolutions.Select(r => $" --resolution {r}"))
                    + (
                        options.SeedCount is { } n ? $" --seeds {n}"
                        : options.Seed is { } seed ? $" --seed {seed}"
                        : ""
                    )
            )
            .AppendLine("```");
        using (var files = new OutputFiles(outDir))
        {
            files.WriteText("scenario.yaml", input.Tree.Serialize());
            var summary = CsvFiles.Summary(results, false);
            CsvFiles.Write(files.Reserve("summary.csv"), summary);
            Write(files, margins, input);
            Output
                .Html.MarginsHtml.Page(scenario.Name, ProfileLine.For([scenario]), summary, MarginsOutputs.Table(margins))
                .Write(files.Reserve("report.html"));
            files.WriteText("report.md", md.ToString());
            files.Commit();
        }
        console.Line(md.ToString().Split('\n').First(l => l.StartsWith("What happened", StringComparison.Ordinal)).Trim());
        foreach (var line in MarginsOutputs.Lines(margins, Calibrated(input)))
            console.Line(line);
        console.Line($"wrote {outDir}/: report.md, report.html, margins.csv, margins.png, summary.csv, scenario.yaml");
        return 0;
    }

    /// <summary>Refuses a search whose work, estimated before anything runs, is above the limits. Its searches
    /// run side by side, so without --max-events the limit is the default's (about 15 minutes of one core) for
    /// each job: about 15 minutes of waiting, as for a run.</summary>
    public static void Check(ScenarioInput input, MarginsSpec spec, long? maxEvents, bool force, bool withScenario, int jobs)
    {
        maxEvents ??= Work.DefaultMaxEvents * Math.Max(1, jobs);
        var plan = MarginsRunner.Plan(input, null, spec);
        var events = MarginsRunner.EstimateEvents(input, plan) + (withScenario ? Work.Events(input.Scenario) : 0);
        var live = Math.Max(Work.LiveGoroutines(input.Scenario), MarginsRunner.MaxLiveGoroutines(plan));
        var memory = Math.Max(
            Work.Memory(input.Scenario),
            plan.Count == 0 ? 0 : plan.Max(q => Work.Memory(q.Axis.At(q.Direction == Direction.Up ? q.Axis.To : q.Axis.From)))
        );
        Work.Check($"margins of {input.Scenario.Name}", events, live, maxEvents, force, memory);
    }

    public static IReadOnlyList<Margin> Find(
        ScenarioInput input,
        IReadOnlyList<RunResult> results,
        MarginsSpec spec,
        int jobs,
        int goroutineLimit,
        ConsoleOutput console
    )
    {
        var searches = MarginsRunner.Plan(input, results, spec);
        var margins = MarginsRunner.Run(searches, jobs, goroutineLimit, (done, all) =>
            console.Progress($"{input.Scenario.Name}: margins, {done} of {all} searches", done / (double)all)
        );
        console.EndProgress();
        return margins;
    }

    public static void Write(OutputFiles files, IReadOnlyList<Margin> margins, ScenarioInput input)
    {
        MarginsOutputs.WriteCsv(files.Reserve("margins.csv"), margins);
        MarginsOutputs.Plot(files.Reserve("margins.png"), margins, Calibrated(input));
    }

    /// <summary>The shipped profile's walks and spread, marked beside the boundaries.</summary>
    public static Calibration Calibrated(ScenarioInput input)
    {
        var shipped = CostProfile.Read(CostProfile.Default, input.Tree.Directory, null);
        return new(shipped.ScanPerElement, shipped.ScanPerElementCold, shipped.ScanPerElementHeap, shipped.Spread);
    }
}
