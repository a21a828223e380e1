using System.Globalization;
using StallSim.PoolModel.Observe;
using StallSim.PoolModel.Workload;
using StallSim.Simulator.Cli;
using StallSim.Simulator.Output;
using StallSim.Simulator.Scenarios;
using YamlDotNet.RepresentationModel;

namespace StallSim.Simulator.Twin;

/// <summary><c>stallsim twin SCENARIO</c>: the scenario on the Go twin (each variant and seed in turn, in wall-clock
/// time) and on the simulator, then the comparison: twin-compare.csv, census-compare.csv, overlay plots and
/// twin-report.md (docs/model.md#how-we-know-it-is-right).</summary>
public static class TwinCommand
{
    public static int Execute(TwinOptions options)
    {
        var tree = ShippedScenarios.Resolve(options.File);
        if (Sweeps.SweepFile.IsSweep(tree))
            throw new InputException($"{tree.Source}: a sweep; the twin runs one scenario");
        ScenarioInput.ApplySets(tree, options.Sets);
        foreach (var s in options.Seeds)
            if (!ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                throw new InputException($"--seed {s}: expected a whole number >= 0");
        if (options.Seeds.Any())
            tree.Set("seeds", "[" + string.Join(", ", options.Seeds) + "]", "--seed " + string.Join(" --seed ", options.Seeds));
        if (options.Variants.Any())
            tree.Set(
                "variants",
                "[" + string.Join(", ", options.Variants) + "]",
                "--variant " + string.Join(" --variant ", options.Variants)
            );
        // A cold walk in both engines: the simulator charges the profile's cold table, the twin spreads its nodes so
        // that the hardware charges it (docs/twin.md#a-cold-walk).
        if (options.ColdWalk)
            ColdWalk(tree);
        var scenario = ScenarioBinder.Bind(tree);
        if (TwinScenario.Unsupported(scenario) is { } why)
            throw new InputException($"{tree.Source}: the twin cannot run {why}");
        // Three seeds by default: the comparison takes medians.
        var seeds = options.Seeds.Any() ? scenario.Seeds.ToList() : scenario.Seeds.Concat([1UL, 2UL, 3UL]).Distinct().Take(3).ToList();
        var variants = scenario.Variants.ToList();
        scenario = scenario with { Seeds = seeds };
        var outDir = options.Out ?? Path.Combine("results", scenario.Name, "twin");
        var console = new ConsoleOutput(options.Quiet);
        // The twin runs on this machine's processors (GOMAXPROCS = its CPUs); the simulator gets as many.
        var procs = Environment.ProcessorCount;
        if (scenario.Runtime.Procs != procs)
        {
            console.Line(
                $"the simulator runs with go.procs {procs}, the twin's GOMAXPROCS on this machine (the scenario says "
                    + $"{scenario.Runtime.Procs})"
            );
            scenario = scenario with { Runtime = scenario.Runtime with { Procs = procs } };
        }
        Scratch.CheckTemp();
        var go = options.ReuseTwin is null ? GoToolchain.Find() : null;
        // Kept runs are checked before anything is written: each must exist and have the node layout asked for.
        var keptRuns = options.ReuseTwin is { } reused
            ? variants.SelectMany(v => seeds.Select(seed => (v, seed, Dir: KeptRun(reused, v, seed, options.ColdWalk)))).ToList()
            : null;
        // The twin measures this machine (or measured the kept runs' machines): the simulator must charge their costs.
        var twinCpus = keptRuns is not null ? keptRuns.Select(k => TwinRunner.CpuIn(k.Dir)).Distinct() : [Machine.Cpu()];
        if (
            twinCpus.Select(cpu => Machine.Mismatch(scenario.CostsCpu, cpu, scenario.CostsMeasuredOn)).FirstOrDefault(m => m is not null) is
            { } mismatch
        )
        {
            if (!options.Force)
                throw new InputException(
                    $"stallsim twin: {mismatch}; measure a profile on the twin's machine (stallsim calibrate --out FILE, then "
                        + "--set go.costs.profile=FILE), or compare anyway with --force"
                );
            console.Line($"--force: {mismatch}; the comparison mixes two machines");
        }
        // Kept runs are read before anything is written, so that a walk they cannot give is refused with nothing written.
        var twinRuns = keptRuns?.Select(k => TwinRunner.Read(k.v, k.seed, k.Dir)).ToList() ?? [];
        string? walkNote = null;
        if (keptRuns is not null && options.TwinWalk)
            (scenario, walkNote) = TwinWalk(scenario, twinRuns);
        OutputDirectory.Prepare(outDir, "--out");

        var scratch = Scratch.Create("stallsim-twin-");
        try
        {
            if (keptRuns is null)
            {
                console.Line($"building the twin with {go!.Go}");
                var twin = go!.BuildTwin(scratch.FullName);
                foreach (var variant in variants)
                foreach (var seed in seeds)
                {
                    console.Line($"twin: {variant}, seed {seed}: {Engine.Units.FormatDuration(scenario.Horizon)} of wall-clock time");
                    var dir = Path.Combine(scratch.FullName, $"{variant}-{seed}");
                    var run = TwinRunner.Run(twin, scenario, scenario.ResolveVariant(variant), seed, options.ColdWalk, dir);
                    twinRuns.Add(run);
                    // Kept in the output directory at once: a twin run costs its horizon in wall-clock time, and
                    // --reuse-twin can compare against it even if what follows fails.
                    var kept = Path.Combine(outDir, "runs", $"{variant}-{seed}");
                    TwinCsv.Keep(run, kept);
                    // scenario.json, so that the run can be repeated alone (the twin binary's run)
                    foreach (var name in new[] { "timeseries.csv", "run.txt", "scenario.json" })
                        if (File.Exists(Path.Combine(dir, name)))
                            File.Copy(Path.Combine(dir, name), Path.Combine(kept, name), overwrite: true);
                }
            }
            if (keptRuns is null && options.TwinWalk)
                (scenario, walkNote) = TwinWalk(scenario, twinRuns);
            if (walkNote is not null)
                console.Line(walkNote);
            console.Line("simulator: the same variants and seeds");
            // The simulator also counts its goroutines around each census instant, where the twin's census may find
            // its match in depth (a census does not disturb the run: the timeseries is the same with or without).
            var simRuns = Runner.RunAll(scenario with { CensusAt = DepthMatch.Instants(scenario) }, ScenarioInput.Jobs(null));
            var rows = TwinCompare.Compare(scenario, twinRuns, simRuns);
            var twinVerdicts = twinRuns
                .Select(r => (r.Variant, r.Seed, VerdictJudge.Judge(scenario, new LoadProfile(scenario.Workload).Trouble, r.Samples)))
                .ToList();
            TwinOutputs.Write(outDir, scenario, twinRuns, simRuns, rows, twinVerdicts, walkNote);
            var failed =
                rows.Count(r => r.Holds == false)
                + twinVerdicts.Count(t =>
                    simRuns.First(s => s.Summary.Variant == t.Variant && s.Summary.Seed == t.Seed).Summary.Verdict != t.Item3.Verdict
                );
            console.Line(
                $"wrote {outDir}/: twin-report.md, twin-report.html, twin-compare.csv, census-compare.csv, twin-goodput.png, "
                    + $"twin-waitlist.png ({failed} figure(s) outside their criterion)"
            );
            return options.Strict && failed > 0 ? RunCommand.ExpectationFailed : 0;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>--twin-walk: the simulator charges the walk the twin paid in its runs (<see cref="WalkCost.InSitu"/>).</summary>
    private static (PoolModel.Scenario, string) TwinWalk(PoolModel.Scenario scenario, IReadOnlyList<TwinRun> twinRuns)
    {
        var inSitu = WalkCost.InSitu(twinRuns)
            ?? throw new InputException(
                $"--twin-walk: the twin's runs walked fewer than {WalkCost.MeasuredElements:N0} elements at every list length; "
                    + "there is no walk of theirs to charge"
            );
        return (
            scenario with
            {
                Costs = scenario.Costs with { ScanPerElement = inSitu },
            },
            $"The simulator charged the walk the twin paid in these runs (--twin-walk): {WalkCost.Describe(inSitu)}."
        );
    }

    /// <summary>The directory of the kept run of <paramref name="variant"/> and <paramref name="seed"/> under
    /// <c>--reuse-twin</c>, if it exists and its twin laid its list nodes out as <paramref name="coldWalk"/> asks.</summary>
    private static string KeptRun(string reused, string variant, ulong seed, bool coldWalk)
    {
        var dir = Path.Combine(reused, "runs", $"{variant}-{seed}");
        if (!File.Exists(Path.Combine(dir, "timeseries.csv")))
            throw new InputException($"--reuse-twin {reused}: no kept run {variant}-{seed} (runs/{variant}-{seed}/timeseries.csv)");
        if (TwinRunner.SpreadNodes(dir) != coldWalk)
            throw new InputException(
                coldWalk
                    ? $"--reuse-twin {reused}: run {variant}-{seed} had packed list nodes; --cold-walk compares against runs made with "
                        + $"--cold-walk"
                    : $"--reuse-twin {reused}: run {variant}-{seed} was made with --cold-walk (spread list nodes); add --cold-walk"
            );
        return dir;
    }

    /// <summary>go.costs.scan_per_element: cold, whether go.costs names a profile (a scalar) or is a mapping.</summary>
    private static void ColdWalk(YamlTree tree)
    {
        if (
            tree.Root.Children.TryGetValue(new YamlScalarNode("go"), out var go)
            && go is YamlMappingNode goMap
            && goMap.Children.TryGetValue(new YamlScalarNode("costs"), out var costs)
            && costs is YamlScalarNode { Value: { } profile }
        )
            tree.Set("go.costs", $"{{ profile: {profile}, scan_per_element: cold }}", "--cold-walk");
        else
            tree.Set("go.costs.scan_per_element", "cold", "--cold-walk");
    }
}
