using System.Text;
using ScottPlot;
using StallSim.PoolModel;
using StallSim.PoolModel.Observe;
using StallSim.Simulator.Output;

namespace StallSim.Simulator.Twin;

/// <summary>twin-report.md: verdicts, figures per segment, the walk's cost and the census, twin beside simulator.</summary>
public static partial class TwinOutputs
{
    /// <summary>The machine the twin ran on beside the profile's, and whether they differ.</summary>
    private static string MachineLine(Scenario scenario, IReadOnlyList<TwinRun> twin)
    {
        var cpus = twin.Select(t => t.Cpu).Distinct().ToList();
        if (cpus.Any(c => c is null))
            return "The twin ran on a machine its runs do not name (kept before run.txt recorded the CPU).";
        var ran = string.Join(" and ", cpus);
        return cpus.Count == 1 && cpus[0] == scenario.CostsCpu
            ? $"The twin ran on {ran}, the CPU the profile was measured on."
            : $"The twin ran on {ran}; the profile was measured on {Machine.Named(scenario.CostsCpu)}. "
                + "**The machines differ: the simulator charges another machine's costs than the twin's.**";
    }

    private static string Report(
        Scenario scenario,
        IReadOnlyList<TwinRun> twin,
        IReadOnlyList<RunResult> sim,
        IReadOnlyList<TwinCompare.Row> rows,
        IReadOnlyList<CensusRow> census,
        IReadOnlyList<(string Variant, ulong Seed, VerdictJudge.Judgement Judged)> twinVerdicts,
        string? walkNote
    )
    {
        string N(double v) => v.ToString("#,0.#", Inv);
        var md = new StringBuilder();
        md.AppendLine($"# {scenario.Name}: the twin against the simulator").AppendLine();
        if (Output.ProfileLine.For([scenario]) is { Length: > 0 } profile)
            md.AppendLine("The simulator's side: " + char.ToLowerInvariant(profile[0]) + profile[1..]).AppendLine();
        md.AppendLine(MachineLine(scenario, twin)).AppendLine();
        if (walkNote is not null)
            md.AppendLine(walkNote).AppendLine();
        md.AppendLine(
                $"The same scenario on the twin (stallsim's pool and waitlists in real Go: goroutines, sync.Mutex, channels, "
                    + $"contexts, in wall-clock time) and on the simulator, {Words.Count(scenario.Seeds.Count, "seed")} each "
                    + $"({string.Join(", ", scenario.Seeds)}). The seeds drive different generators in the two, so runs are compared "
                    + "by medians over seeds, not sample by sample."
            )
            .AppendLine();
        md.AppendLine("## Verdicts").AppendLine();
        md.AppendLine("| variant | seed | twin | simulator | agree |").AppendLine("|---|---|---|---|---|");
        foreach (var (variant, seed, judged) in twinVerdicts)
        {
            var s = sim.First(r => r.Summary.Variant == variant && r.Summary.Seed == seed).Summary.Verdict;
            md.AppendLine(
                $"| {variant} | {seed} | {CsvFiles.VerdictName(judged.Verdict)} | {CsvFiles.VerdictName(s)} | "
                    + $"{(s == judged.Verdict ? "yes" : "**no**")} |"
            );
        }
        md.AppendLine().AppendLine("## Figures per segment (medians over seeds)").AppendLine();
        md.AppendLine("| segment | variant | figure | twin | simulator | criterion | holds |").AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            md.AppendLine(
                $"| {r.Segment} | {r.Variant} | {r.Metric} | {N(r.Twin)} | {N(r.Sim)} | {r.Criterion ?? ""} | "
                    + $"{(r.Holds is { } h ? (h ? "yes" : "**no**") : "")} |"
            );
        var held = rows.Count(r => r.Holds == true);
        var withCriterion = rows.Count(r => r.Holds is not null);
        md.AppendLine().AppendLine($"{held} of {withCriterion} figures with a criterion hold it.").AppendLine();
        md.AppendLine("![goodput](twin-goodput.png)").AppendLine().AppendLine("![waitlist](twin-waitlist.png)").AppendLine();
        var walks = WalkCost.Compare(scenario, twin);
        if (walks.Count > 0)
        {
            md.AppendLine("## The walk's cost").AppendLine();
            md.AppendLine(
                    "What the twin's self-removal walks cost per element in these runs (its walk probe), beside what the simulator "
                        + "charges for walks of the same lengths (the profile's walk, or with --twin-walk the twin's own): the input a "
                        + "convoy's growth hangs on (medians over seeds)."
                )
                .AppendLine();
            md.AppendLine("| segment | variant | elements walked per second | twin (ns per element) | simulator (ns per element) |")
                .AppendLine("|---|---|---|---|---|");
            foreach (var w in walks)
                md.AppendLine($"| {w.Segment} | {w.Variant} | {N(w.ElementsPerS)} | {w.TwinNanos:0.#} | {w.ProfileNanos:0.#} |");
            md.AppendLine();
        }
        if (census.Count > 0)
        {
            md.AppendLine("## Where the goroutines are").AppendLine();
            md.AppendLine(
                    "Shares of the goroutines the pool accounts for (the twin's own driver and the Go runtime's goroutines left out), "
                        + "from the twin's goroutine dumps (read by `stallsim dump`) and the simulator's census: at the same instant, "
                        + $"and at the simulator's instant within {Engine.Units.FormatDuration(DepthMatch.Window)} whose number of "
                        + $"goroutines "
                        + "waiting for wl.mu is nearest the twin's (the same depth into the stall)."
                )
                .AppendLine();
            foreach (var match in new[] { Matched.Clock, Matched.Depth })
            {
                var compared = census.Where(c => c.Match == match && ComparedSites.Contains(c.Site)).ToList();
                if (compared.Count == 0)
                    continue;
                var worst = compared.MaxBy(c => Math.Abs(c.TwinShare - c.SimShare))!;
                md.AppendLine(match == Matched.Clock ? "### At the same instant" : "### At the same depth").AppendLine();
                md.AppendLine(
                        $"The largest difference: {Math.Abs(worst.TwinShare - worst.SimShare):0.#} points ({worst.Site.Name}, "
                            + $"{worst.Variant}, "
                            + $"seed {worst.Seed}, the twin's {worst.TimeS:0.#} s)."
                    )
                    .AppendLine();
                md.AppendLine(
                        "| variant | seed | twin at (s) | simulator at (s) | on wl.mu: twin, simulator | site | twin | simulator | "
                            + "difference (points) |"
                    )
                    .AppendLine("|---|---|---|---|---|---|---|---|---|");
                foreach (var c in compared)
                    md.AppendLine(
                        $"| {c.Variant} | {c.Seed} | {c.TimeS:0.#} | {c.SimTimeS:0.#} | {N(c.TwinDepth)}, {N(c.SimDepth)} | "
                            + $"{c.Site.Name} | "
                            + $"{c.TwinShare:0.#}% ({N(c.Twin)}) | {c.SimShare:0.#}% ({N(c.Sim)}) | "
                            + $"{c.TwinShare - c.SimShare:+0.#;-0.#;0} |"
                    );
                md.AppendLine();
            }
        }
        return md.ToString();
    }
}
