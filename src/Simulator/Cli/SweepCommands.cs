using System.Globalization;
using StallSim.PoolModel.Observe;
using StallSim.Simulator.Output;
using StallSim.Simulator.Scenarios;
using StallSim.Simulator.Sweeps;

namespace StallSim.Simulator.Cli;

/// <summary><c>stallsim sweep FILE</c> and <c>stallsim merge DIR...</c>.</summary>
public static class SweepCommands
{
    /// <summary>A sweep file (or shipped name), bound, with --seed, --seeds and --set applied to every point and
    /// --refine applied.</summary>
    internal static SweepFile Load(
        string file,
        IEnumerable<string> seeds,
        int? refine,
        IEnumerable<string>? sets = null,
        int? seedCount = null
    )
    {
        var tree = ShippedScenarios.Resolve(file);
        if (!SweepFile.IsSweep(tree))
            throw new InputException($"{tree.Source}: not a sweep (a sweep has 'axes:'); use 'run' for a scenario");
        var list = seeds.ToList();
        foreach (var s in list)
            if (!ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                throw new InputException($"--seed {s}: expected a whole number >= 0");
        var commandLine = new List<(string, string, string)>();
        if (seedCount is { } n)
        {
            if (list.Count > 0)
                throw new InputException($"--seeds {n} and --seed {list[0]}: give one of them");
            if (n is < 1 or > ScenarioInput.MaxSeedCount)
                throw new InputException($"--seeds {n}: expected a whole number from 1 to {ScenarioInput.MaxSeedCount}");
            commandLine.Add(("seeds", "[" + string.Join(", ", Enumerable.Range(1, n)) + "]", $"--seeds {n}"));
        }
        if (list.Count > 0)
            commandLine.Add(("seeds", "[" + string.Join(", ", list) + "]", "--seed " + string.Join(" --seed ", list)));
        foreach (var set in sets ?? [])
        {
            var eq = set.IndexOf('=');
            if (eq <= 0)
                throw new InputException($"--set {set}: expected KEY.PATH=VALUE, e.g. --set pool.capacity=300");
            commandLine.Add((set[..eq].Trim(), set[(eq + 1)..].Trim(), $"--set {set}"));
        }
        var sweep = SweepFile.Bind(tree, commandLine);
        return refine is { } k ? sweep.Refined(k) : sweep;
    }

    /// <summary>Runs a sweep (a shard of it, or its refinement) with progress on the console.</summary>
    internal static (IReadOnlyList<PointResult> Results, IReadOnlyList<PointResult>? Drawn) Execute(
        SweepFile sweep,
        string outDir,
        Sweeps.Shard shard,
        int jobs,
        ConsoleOutput console
    )
    {
        void Progress(int done, int total, double seconds)
        {
            var rate = done / Math.Max(seconds, 1e-9);
            var left = (total - done) / Math.Max(rate, 1e-9);
            console.Progress(
                $"{sweep.Name} {(shard.IsWhole ? "" : $"shard {shard} ")}{done}/{total} points",
                (double)done / total,
                string.Create(CultureInfo.InvariantCulture, $"{rate:0.0} points/s, {left:0}s left")
            );
        }
        if (sweep.Refine > 0)
        {
            var outcome = Refinement.Run(sweep, outDir, jobs, Progress);
            console.EndProgress();
            return (outcome.Results, Refinement.Filled(sweep, outcome));
        }
        var results = SweepRunner.Run(sweep, outDir, shard, jobs, Progress);
        console.EndProgress();
        return (results, null);
    }

    public static int Sweep(SweepOptions options)
    {
        var sweep = Load(options.File, options.Seeds, options.Refine, options.Sets, options.SeedCount);
        sweep.GoroutineLimit = Work.GoroutineLimit(options);
        var shard = Sweeps.Shard.Parse(options.Shard);
        if (sweep.Refine > 0 && !shard.IsWhole)
            throw new InputException(
                $"--refine with --shard {options.Shard}: each level of a refinement needs the verdicts of the whole level before it, so "
                    + $"a refinement runs unsharded"
            );
        var jobs = ScenarioInput.Jobs(options.Jobs);
        var variants = sweep.ScenarioAt(sweep.Points()[0]).Variants;
        var never = ScenarioInput.VerdictAssertions("--never", options.Never, variants);
        var somewhere = ScenarioInput.VerdictAssertions("--somewhere", options.Somewhere, variants);
        var outDir = options.Out ?? Path.Combine("results", sweep.Name);
        // A refinement runs a fraction of its fine grid; the estimate is of the whole grid, so it is not held to the limit.
        Work.Check(
            sweep.Name,
            sweep.EstimatedEvents / shard.N,
            sweep.EstimatedLiveGoroutines,
            options.MaxEvents,
            options.Force || sweep.Refine > 0,
            sweep.EstimatedMemory
        );

        var console = new ConsoleOutput(options.Quiet);
        var (results, drawn) = Execute(sweep, outDir, shard, jobs, console);
        if (results.Count == 0)
            Console.Error.WriteLine(
                $"stallsim: shard {shard} of {sweep.Name} has no points ({Words.Count(sweep.Points().Count, "point")} in all); nothing "
                    + $"to run"
            );
        if (shard.IsWhole)
            SweepOutputs.WriteAll(outDir, sweep, results, drawn);
        else
            WriteShard(outDir, sweep, results);
        console.Line($"{sweep.Name}: {results.Count} points{(shard.IsWhole ? "" : $" (shard {shard})")} in {outDir}/");
        foreach (var variant in variants)
        {
            var runs = results.SelectMany(r => r.Runs).Where(r => r.Variant == variant).ToList();
            console.Line(
                $"  {variant, -18} "
                    + string.Join(
                        ", ",
                        Enum.GetValues<Verdict>().Select(v => $"{CsvFiles.VerdictName(v)} {runs.Count(r => r.Verdict == v)}")
                    )
            );
        }
        return Check(results, never, somewhere);
    }

    private static void WriteShard(string outDir, SweepFile sweep, IReadOnlyList<PointResult> results)
    {
        using var files = new OutputFiles(outDir);
        PointsCsv.Write(files.Reserve("points.csv"), sweep, results);
        files.Commit();
    }

    public static int Merge(MergeOptions options)
    {
        var dirs = options.Dirs.ToList();
        string? canonical = null;
        foreach (var dir in dirs)
        {
            var path = Path.Combine(dir, SweepRunner.SweepFileName);
            if (!File.Exists(path))
                throw new InputException($"{dir}: not a sweep output (no {SweepRunner.SweepFileName})");
            var text = BoundedFile.ReadText(path, YamlTree.MaxBytes, "the sweep.yaml a sweep wrote");
            canonical ??= text;
            if (text != canonical)
                throw new InputException(
                    $"{dir}: a different sweep from {dirs[0]} ({SweepRunner.SweepFileName} differs); only shards of one sweep can be merged"
                );
        }
        var sweep = SweepFile.Bind(YamlTree.Parse(Path.Combine(dirs[0], SweepRunner.SweepFileName), canonical!));
        var byIndex = new Dictionary<int, (PointResult Result, string Dir)>();
        foreach (var dir in dirs)
        {
            var points = Path.Combine(dir, "points.csv");
            if (!File.Exists(points))
                throw new InputException($"{dir}: no points.csv (did its shard finish?)");
            var rows = PointsCsv.Read(points, sweep, out var problem);
            if (problem is not null)
                throw new InputException($"{points}: {problem}");
            foreach (var row in rows)
                if (!byIndex.TryAdd(row.Point.Index, (row, dir)))
                    throw new InputException(
                        $"{dir}: point {string.Join(", ", row.Point.Values)} is also in {byIndex[row.Point.Index].Dir}; shards must not "
                            + $"overlap"
                    );
        }
        var missing = sweep.Points().Where(p => !byIndex.ContainsKey(p.Index)).ToList();
        if (missing.Count > 0)
            throw new InputException(
                $"merge: {missing.Count} point(s) of {sweep.Name} are in none of the directories, e.g. "
                    + $"{string.Join(", ", missing[0].Values)}; is a shard missing?"
            );
        var results = byIndex.Values.Select(v => v.Result).OrderBy(r => r.Point.Index).ToList();
        var variants = sweep.ScenarioAt(sweep.Points()[0]).Variants;
        var never = ScenarioInput.VerdictAssertions("--never", options.Never, variants);
        var somewhere = ScenarioInput.VerdictAssertions("--somewhere", options.Somewhere, variants);
        OutputDirectory.Prepare(options.Out, "--out");
        // sweep.yaml is renamed into place with the rest: a merge that fails (a full disk) leaves none of it.
        SweepOutputs.WriteAll(options.Out, sweep, results, extraFiles: files => files.WriteText(SweepRunner.SweepFileName, canonical!));
        new ConsoleOutput(options.Quiet).Line($"merged {dirs.Count} shard(s), {results.Count} points of {sweep.Name} into {options.Out}/");
        return Check(results, never, somewhere);
    }

    private static int Check(
        IReadOnlyList<PointResult> results,
        List<(string Variant, IReadOnlySet<Verdict> Verdicts)> never,
        List<(string Variant, IReadOnlySet<Verdict> Verdicts)> somewhere
    )
    {
        var failed = 0;
        var runs = results.SelectMany(r => r.Runs.Select(s => (r.Point, Run: s))).ToList();
        foreach (var (variant, verdicts) in never)
        foreach (var (point, run) in runs.Where(x => x.Run.Variant == variant && verdicts.Contains(x.Run.Verdict)))
        {
            Console.Error.WriteLine(
                $"expectation failed: {variant} is never {ScenarioInput.Said(verdicts)}, but it is {CsvFiles.VerdictName(run.Verdict)} "
                    + $"at {string.Join(", ", point.Values)} (seed {run.Seed})"
            );
            failed++;
        }
        foreach (var (variant, verdicts) in somewhere)
            if (!runs.Any(x => x.Run.Variant == variant && verdicts.Contains(x.Run.Verdict)))
            {
                Console.Error.WriteLine($"expectation failed: {variant} is {ScenarioInput.Said(verdicts)} somewhere, but no run of it is");
                failed++;
            }
        return failed == 0 ? 0 : RunCommand.ExpectationFailed;
    }
}
