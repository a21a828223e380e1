using StallSim.PoolModel.Observe;

namespace StallSim.Simulator.Output;

/// <summary>What happened, in one sentence per variant, written from the verdicts a run gave: a scenario's
/// description states its set-up only, so the report says the outcome (and nothing else does).</summary>
public static class WhatHappened
{
    public static string Sentence(IReadOnlyList<RunSummary> summaries)
    {
        var parts = summaries
            .GroupBy(s => s.Variant)
            .Select(g =>
            {
                var seeds = g.ToList();
                var byVerdict = seeds.GroupBy(s => s.Verdict).OrderByDescending(v => v.Count()).ThenBy(v => v.Key).ToList();
                var said = byVerdict.Select(v =>
                    Phrase(v.Key, v.ToList()) + (seeds.Count > 1 ? $" in {v.Count()} of {Words.Count(seeds.Count, "seed")}" : "")
                );
                return $"{g.Key} {string.Join(", and ", said)}";
            });
        return "What happened in this run: " + string.Join("; ", parts) + ".";
    }

    private static string Phrase(Verdict v, IReadOnlyList<RunSummary> runs) =>
        v switch
        {
            Verdict.Stable => "stayed stable (goodput never fell)",
            Verdict.Recovered => runs.Count == 1
                ? $"recovered {runs[0].RecoveryS:0.#} s after the trouble ended"
                : $"recovered {runs.Min(r => r.RecoveryS ?? 0):0.#} to {runs.Max(r => r.RecoveryS ?? 0):0.#} s after the trouble ended",
            Verdict.Metastable => "stayed stalled after the trouble ended, to the horizon (metastable)",
            Verdict.Degraded => "was degraded (goodput fell with no trouble to recover from, or the trouble lasts to the horizon)",
            _ => "had no baseline to judge from",
        };
}
