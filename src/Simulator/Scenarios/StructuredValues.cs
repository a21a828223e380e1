using System.Globalization;
using StallSim.Engine;
using StallSim.PoolModel;
using StallSim.PoolModel.Waitlist;
using StallSim.PoolModel.Workload;
using YamlDotNet.RepresentationModel;

namespace StallSim.Simulator.Scenarios;

/// <summary>The keys whose values are more than one scalar (lists, variants, triggers, distributions), with
/// their readers and checks, and the documented fields inside them.</summary>
internal static class StructuredValues
{
    private static Problem? When(bool wrong, string key, string expected) => wrong ? new Problem(key, expected) : null;

    public static ScenarioKey SeedsKey(Scenario d) =>
        new()
        {
            Path = "seeds",
            Form = "a list of whole numbers",
            Default = $"[{string.Join(", ", d.Seeds)}]",
            Doc = "Seeds of the runs: each variant runs once per seed. The same scenario and seed give byte-identical CSV files.",
            Bind = (s, k, sc) =>
                sc with
                {
                    Seeds = s.List(k, sc.Seeds, "whole numbers >= 0", t => ulong.Parse(t, NumberStyles.None, CultureInfo.InvariantCulture)),
                },
            Check = s =>
                When(s.Seeds.Count == 0, "seeds", "at least one seed")
                ?? When(s.Seeds.Distinct().Count() != s.Seeds.Count, "seeds", "distinct seeds"),
        };

    public static ScenarioKey VariantsKey(Scenario d) =>
        new()
        {
            Path = "variants",
            Form = "a list of variant names",
            Default = $"[{string.Join(", ", d.Variants)}]",
            Doc = "The waitlists to run, side by side: presets (see `stallsim list`) or names under custom_variants.",
            Bind = (s, k, sc) => sc with { Variants = s.List(k, sc.Variants, "variant names", t => t) },
            Check = s =>
            {
                if (s.Variants.Count == 0)
                    return new Problem("variants", "at least one variant");
                foreach (var v in s.Variants)
                    if (s.CustomVariants.All(c => c.Name != v) && WaitlistVariant.Presets.All(p => p.Name != v))
                        return new Problem(
                            "variants",
                            $"a preset ({string.Join(", ", WaitlistVariant.Presets.Select(p => p.Name))}) or a variant defined under "
                                + $"custom_variants, not '{v}'"
                        );
                return When(s.Variants.Distinct().Count() != s.Variants.Count, "variants", "distinct variant names");
            },
        };

    private static readonly Dictionary<string, ExpiryCheck> ExpiryChecks = new()
    {
        ["none"] = ExpiryCheck.None,
        ["skip"] = ExpiryCheck.Skip,
        ["evict"] = ExpiryCheck.Evict,
    };
    private static readonly Dictionary<string, bool> Handoffs = new() { ["unbuffered"] = false, ["buffered"] = true };
    private static readonly Dictionary<string, SelfRemoval> SelfRemovals = new() { ["scan"] = SelfRemoval.Scan, ["o1"] = SelfRemoval.O1 };
    private static readonly Dictionary<string, WaitlistOrder> Orders = new()
    {
        ["fifo"] = WaitlistOrder.Fifo,
        ["lifo"] = WaitlistOrder.Lifo,
        ["adaptive-lifo"] = WaitlistOrder.AdaptiveLifo,
    };
    private const string SwitchNames = "base, expiry_check, handoff, self_removal, max_waiters, order, lifo_after, codel";

    public static ScenarioKey CustomVariantsKey() =>
        new()
        {
            Path = "custom_variants",
            Form = "a mapping of NAME to switches",
            Default = "none",
            Doc =
                "Waitlist variants defined by switches, runnable by NAME under variants: how ablations are written. Each starts from a "
                + "preset (base) and changes the switches it names.",
            Bind = (s, k, sc) => sc with { CustomVariants = ReadVariants(s.Child(k)) },
            Check = s =>
                s.CustomVariants.Select(c => c.Problem() is { } p ? new Problem($"custom_variants.{c.Name}", p) : null)
                    .FirstOrDefault(p => p is not null),
        };

    public static IEnumerable<ScenarioKey> CustomVariantSwitchKeys() =>
        [
            Doc(
                "custom_variants.NAME.base",
                "a preset: buggy, fixed, codel or adaptive-lifo",
                "buggy",
                "The preset whose switches the variant starts from."
            ),
            Doc(
                "custom_variants.NAME.expiry_check",
                "one of none, skip, evict",
                "the base's",
                "What a returner does with waiters whose context has expired: none (release-23: hands them connections), skip (passes "
                    + "them over, leaves them listed), evict (#20308: unlinks them and sends them nil; needs handoff: buffered)."
            ),
            Doc(
                "custom_variants.NAME.handoff",
                "one of unbuffered, buffered",
                "the base's",
                "The per-waiter channel: unbuffered (release-23: the returner's send blocks until the waiter receives) or buffered with "
                    + "room for one (#20308)."
            ),
            Doc(
                "custom_variants.NAME.self_removal",
                "one of scan, o1",
                "the base's",
                "How a timed-out waiter leaves the list: scan (release-23: walk from the front to itself under wl.mu) or o1 (#20308: "
                    + "RemoveIfPresent)."
            ),
            Doc(
                "custom_variants.NAME.max_waiters",
                "a whole number",
                "the base's (0: off)",
                "Waiter cap of later main: a Get that finds this many waiters fails at once (0: no cap)."
            ),
            Doc(
                "custom_variants.NAME.order",
                "one of fifo, lifo, adaptive-lifo",
                "the base's (fifo; adaptive-lifo for the adaptive-lifo preset)",
                "Which live waiter a returner serves: the oldest (fifo, release-23 and #20308), the newest (lifo), or the oldest until "
                    + "it has waited lifo_after and the newest beyond (adaptive-lifo, as in Fail at Scale, ACM Queue 2015)."
            ),
            Doc(
                "custom_variants.NAME.lifo_after",
                Parsers.Duration.Form,
                "the base's (100ms)",
                "With order: adaptive-lifo, the oldest waiter's wait beyond which the newest is served."
            ),
            Doc(
                "custom_variants.NAME.codel",
                "off, or a mapping {target, interval} of durations",
                "the base's (off; {target: 5ms, interval: 100ms} for the codel preset)",
                "CoDel (RFC 8289) on the waitlist: when the shortest wait served over the last interval exceeded the target, every "
                    + "waiter at the front that has waited longer than the target is sent nil and its Get fails with ResourceExhausted. "
                    + "Needs handoff: buffered."
            ),
        ];

    internal static ScenarioKey Doc(string path, string form, string @default, string doc) =>
        new()
        {
            Path = path,
            Form = form,
            Default = @default,
            Doc = doc,
        };

    private static IReadOnlyList<WaitlistVariant> ReadVariants(Section? section)
    {
        if (section is null)
            return [];
        var result = new List<WaitlistVariant>();
        var presets = WaitlistVariant.Presets.ToDictionary(p => p.Name);
        foreach (var (name, node) in section.Entries())
        {
            if (node is not YamlMappingNode mapping)
                throw section.Error(node, name, $"a mapping of switches ({SwitchNames})");
            if (presets.ContainsKey(name))
                throw section.Error(node, name, $"a name that is not a preset's ({string.Join(", ", presets.Keys)})");
            // A name is a column value in every CSV and a word in every report: no commas' worth of trouble, no controls.
            if (name.Length == 0 || name.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is ',' or '='))
                throw section.Error(node, name, "a variant name without spaces, commas, '=' or control characters");
            var v = section.Sub(mapping, name);
            var basis = v.Choice("base", WaitlistVariant.Buggy, presets);
            result.Add(
                new WaitlistVariant(
                    name,
                    v.Choice("expiry_check", basis.ExpiryCheck, ExpiryChecks),
                    v.Choice("handoff", basis.BufferedHandoff, Handoffs),
                    v.Choice("self_removal", basis.SelfRemoval, SelfRemovals),
                    v.Int("max_waiters", basis.MaxWaiters)
                )
                {
                    Order = v.Choice("order", basis.Order, Orders),
                    LifoAfter = v.Duration("lifo_after", basis.LifoAfter),
                    Shedding = ReadCoDel(v, basis.Shedding),
                }
            );
            v.RejectUnknownKeys();
        }
        return result;
    }

    /// <summary>codel: off, or {target, interval} (each defaulting to RFC 8289's).</summary>
    private static CoDelSettings? ReadCoDel(Section v, CoDelSettings? basis)
    {
        switch (v.Node("codel"))
        {
            case null:
                return basis;
            case YamlScalarNode { Value: "off" }:
                return null;
            case YamlMappingNode map:
                var c = v.Sub(map, "codel");
                var defaults = basis ?? CoDelSettings.Default;
                var result = new CoDelSettings(c.Duration("target", defaults.Target), c.Duration("interval", defaults.Interval));
                c.RejectUnknownKeys();
                return result;
            case var other:
                throw v.Error(other, "codel", "off, or a mapping {target: 5ms, interval: 100ms}");
        }
    }

    public static ScenarioKey CensusKey() =>
        new()
        {
            Path = "census_at",
            Form = "a list of durations, or 'peak'",
            Default = "the horizon",
            Doc =
                "Instants at which goroutines are counted by site, as in a goroutine dump; 'peak' adds the sample with the most "
                + "goroutines blocked on wl.mu, the worst moment, when an operator would take a dump.",
            Bind = (s, k, sc) =>
            {
                var items = s.List<long?>(k, null!, "durations or 'peak'", t => t == "peak" ? null : Units.ParseDuration(t));
                if (items is null)
                    return sc;
                return sc with
                {
                    CensusAt = [.. items.Where(c => c.HasValue).Select(c => c!.Value)],
                    CensusAtPeak = items.Any(c => c is null),
                };
            },
            Check = s =>
                When(s.CensusAt.Any(t => t < 0 || t > s.Horizon), "census_at", "instants between 0 and the horizon")
                ?? When(s.CensusAt.Distinct().Count() != s.CensusAt.Count, "census_at", "each instant once"),
        };

    public static ScenarioKey DistributionKey(
        string path,
        Func<Scenario, DurationDistribution> get,
        Func<Scenario, DurationDistribution, Scenario> set,
        string doc,
        Scenario d
    ) =>
        new()
        {
            Path = path,
            Form = Distributions.Forms,
            Default = get(d).Describe(),
            Doc = doc,
            Bind = (s, k, sc) => s.Node(k) is { } node ? set(sc, Distributions.Read(s, k, node)) : sc,
            Check = s => Distributions.Problems(get(s)).Select(p => new Problem(path + p.Key, p.Expected)).FirstOrDefault(),
        };
}
