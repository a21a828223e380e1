using System.Globalization;
using StallSim.Engine;
using StallSim.PoolModel;
using StallSim.PoolModel.Go;
using YamlDotNet.RepresentationModel;

namespace StallSim.Simulator.Scenarios;

/// <summary>
/// A costs profile: the Go costs the model charges, measured on a machine by <c>stallsim calibrate</c> (the twin's
/// micro-benchmarks, docs/model.md#costs), as YAML with the date, CPU and GOMAXPROCS beside the values. A scenario
/// names one with <c>go.costs: NAME</c> (a shipped profile, <c>calibrated</c> by default) or a file path; keys set
/// under <c>go</c> override single values.
/// </summary>
public static class CostProfile
{
    public const string Default = "calibrated";

    /// <summary>Costs values a profile must carry.</summary>
    private static readonly string[] Required =
    [
        "list_push",
        "scan_per_element",
        "scan_per_element_cold",
        "ctx_check",
        "lock_unlock",
        "line_transfer",
        "chan_send",
        "chan_wake",
        "starving_handoff",
        "netpoll_slack",
        "idle_wakeup",
        "request",
        "switch",
        "ctx_expire",
        "resume_hop",
    ];

    /// <summary>The scenario with the profile's measurements applied to its costs and runtime.</summary>
    public static Scenario Apply(Scenario s, string nameOrPath, string? directory) => Apply(s, nameOrPath, directory, null);

    /// <param name="at">Where the scenario names the profile, to blame a profile that cannot be found there.</param>
    internal static Scenario Apply(Scenario s, string nameOrPath, string? directory, (Section Section, string Key)? at) =>
        Read(nameOrPath, directory, at).ApplyTo(s);

    /// <summary>A profile file (or a shipped profile, by name) read into the model's record, every value checked.</summary>
    internal static CostsProfile Read(string nameOrPath, string? directory, (Section Section, string Key)? at) =>
        Read(Load(nameOrPath, directory, at), nameOrPath);

    /// <summary>A profile already parsed (<paramref name="tree"/>), read into the model's record, every value checked.</summary>
    internal static CostsProfile Read(YamlTree tree, string nameOrPath)
    {
        var root = new Section(tree, tree.Root, "", []);
        var measured = root.Child("measured")
            ?? throw root.Error(null, "measured", "the machine the profile was measured on (date, cpu, gomaxprocs, go, command)");
        var procs = measured.Int("gomaxprocs", 0);
        if (procs is < 1 or > 1024)
            throw measured.Error(measured.Node("gomaxprocs"), "gomaxprocs", "a whole number from 1 to 1024");
        var machine = new Dictionary<string, string>();
        foreach (var key in new[] { "date", "cpu", "go", "command" })
            machine[key] = measured.Text(key, "");
        measured.RejectUnknownKeys();
        var c = root.Child("costs") ?? throw root.Error(null, "costs", "the measured costs");
        foreach (var key in Required)
            if (c.Node(key) is null)
                throw c.Error(null, key, "a measured value (the profile is incomplete: run stallsim calibrate again)");
        long D(string key) => c.Duration(key, 0);
        var profile = new CostsProfile
        {
            ListPush = D("list_push"),
            ScanPerElement = ReadScan(c, "scan_per_element"),
            ScanPerElementCold = ReadScan(c, "scan_per_element_cold"),
            ScanPerElementHeap = c.Node("scan_per_element_heap") is null ? null : ReadScan(c, "scan_per_element_heap"),
            CtxCheck = D("ctx_check"),
            LockUnlock = D("lock_unlock"),
            LineTransfer = D("line_transfer"),
            ChanSend = D("chan_send"),
            ChanWake = D("chan_wake"),
            StarvingHandoff = D("starving_handoff"),
            NetpollSlack = D("netpoll_slack"),
            IdleWakeup = D("idle_wakeup"),
            Request = D("request"),
            Switch = D("switch"),
            ResumeHop = ReadScan(c, "resume_hop"),
            ContextExpiry = D("ctx_expire"),
            Gomaxprocs = procs,
            MeasuredOn = "",
        };
        c.Node("timer_lag"); // measured for docs/model.md (the lag with runnable goroutines is the scheduler's to produce)
        c.Node("sleep_lag"); // likewise: netpoll's rule and the slack produce it
        c.RejectUnknownKeys();
        // Profiles measured before calibrate repeated its measurements give no spread; one that does gives every range.
        var spread = root.Child("spread") is { } sp ? ProfileSpread.Read(sp, c, Required) : CostsProfile.NoSpread;
        root.RejectUnknownKeys();
        var profileName = tree.Source.StartsWith("embedded:", StringComparison.Ordinal) ? nameOrPath : tree.Source;
        return profile with
        {
            Spread = spread,
            Cpu = machine["cpu"],
            MeasuredOn =
                $"{profileName}: measured on {(machine["cpu"].Length > 0 ? machine["cpu"] : "an unnamed CPU")}, GOMAXPROCS {procs}"
                + (machine["go"].Length > 0 ? $", {machine["go"]}" : "")
                + (machine["date"].Length > 0 ? $", {machine["date"]}" : ""),
        };
    }

    /// <summary>The profile's walk tables by the name a scenario gives them: <c>warm</c> (measured in a pool under
    /// load), <c>cold</c> (its nodes in no cache), <c>heap</c> (its nodes among other requests' objects in a large
    /// live heap).</summary>
    public static readonly IReadOnlyDictionary<string, string> WalkTables = new Dictionary<string, string>
    {
        ["warm"] = "scan_per_element",
        ["cold"] = "scan_per_element_cold",
        ["heap"] = "scan_per_element_heap",
    };

    /// <summary>One of the profile's <see cref="WalkTables"/>.</summary>
    internal static ScanCost WalkTable(string nameOrPath, string which, string? directory, (Section Section, string Key)? at)
    {
        var tree = Load(nameOrPath, directory, at);
        var costs = new Section(tree, tree.Root, "", []).Child("costs")
            ?? throw new InputException($"go.costs: {nameOrPath}: the profile has no costs");
        var key = WalkTables[which];
        if (costs.Node(key) is null)
            throw new InputException(
                $"go.costs.scan_per_element: {which}: the profile {nameOrPath} has no {key} (run stallsim calibrate again)"
            );
        return ReadScan(costs, key);
    }

    /// <summary>A walk's cost per element: one duration, or a mapping from list lengths to durations.</summary>
    internal static ScanCost ReadScan(Section s, string key)
    {
        var node = s.Node(key);
        if (node is YamlScalarNode)
            return ScanCost.Constant(s.Duration(key, 0));
        if (node is not YamlMappingNode table || table.Children.Count == 0)
            throw s.Error(node, key, "a duration, or a mapping of list lengths to durations, e.g. {1000: 7ns, 20000: 4ns}");
        var points = new List<(int, double)>();
        foreach (var (k, v) in table.Children)
        {
            var length = (k as YamlScalarNode)?.Value;
            if (!int.TryParse(length, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > 10_000_000)
                throw s.Error(k, key, "list lengths from 1 to 10,000,000 as keys", length);
            var text = (v as YamlScalarNode)?.Value ?? "";
            long nanos;
            try
            {
                nanos = Units.ParseDuration(text);
            }
            catch (FormatException)
            {
                throw s.Error(v, key, "a duration per list length, e.g. 7ns", text);
            }
            points.Add((n, nanos));
        }
        if (points.Select(p => p.Item1).Distinct().Count() != points.Count)
            throw s.Error(node, key, "each list length once");
        return new ScanCost([.. points.OrderBy(p => p.Item1)]);
    }

    private static YamlTree Load(string nameOrPath, string? directory, (Section Section, string Key)? at)
    {
        InputException Fail(string expected) =>
            at is { } a
                ? a.Section.Error(a.Section.Node(a.Key), a.Key, expected, nameOrPath)
                : new InputException($"go.costs: expected {expected}, got '{nameOrPath}'");
        if (!nameOrPath.Contains('/') && !nameOrPath.EndsWith(".yaml", StringComparison.Ordinal))
        {
            using var stream = typeof(CostProfile).Assembly.GetManifestResourceStream($"profiles/{nameOrPath}.yaml")
                ?? throw Fail($"a shipped profile ({Default}) or the path of a profile file");
            using var reader = new StreamReader(stream);
            return YamlTree.Parse($"embedded:profiles/{nameOrPath}.yaml", reader.ReadToEnd());
        }
        var path = Path.IsPathRooted(nameOrPath) || directory is null ? nameOrPath : Path.Combine(directory, nameOrPath);
        if (!File.Exists(path))
            throw Fail($"a costs profile file that exists (looked for {path})");
        return YamlTree.Load(path, "a costs profile of at most 1 MB");
    }
}
