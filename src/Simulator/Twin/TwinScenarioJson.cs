using System.Text.Json.Serialization;

namespace StallSim.Simulator.Twin;

// The scenario.json contract with the twin, one record per struct of twin/driver/scenario.go (and pool.Variant):
// the one table of its fields on this side. Every field is always written (a distribution's unused ones as 0), so
// the twin's test can check that each field it reads is there; the twin refuses a field it does not know.

/// <summary>driver.Scenario.</summary>
public sealed record TwinScenarioJson(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("horizon_ns")] long HorizonNs,
    [property: JsonPropertyName("sample_every_ns")] long SampleEveryNs,
    [property: JsonPropertyName("seed")] long Seed,
    [property: JsonPropertyName("variant")] TwinVariantJson Variant,
    [property: JsonPropertyName("pool")] TwinPoolJson Pool,
    [property: JsonPropertyName("workload")] TwinWorkloadJson Workload,
    [property: JsonPropertyName("census_at_ns")] IReadOnlyList<long> CensusAtNs,
    [property: JsonPropertyName("dead_request_ns")] long DeadRequestNs
);

/// <summary>pool.Variant: the switches the twin's waitlist has.</summary>
public sealed record TwinVariantJson(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("expiry_check")] int ExpiryCheck,
    [property: JsonPropertyName("buffered_handoff")] bool BufferedHandoff,
    [property: JsonPropertyName("self_removal_o1")] bool SelfRemovalO1,
    [property: JsonPropertyName("max_waiters")] int MaxWaiters
);

/// <summary>driver.PoolSettings.</summary>
public sealed record TwinPoolJson(
    [property: JsonPropertyName("capacity")] int Capacity,
    [property: JsonPropertyName("dial_ns")] long DialNs,
    [property: JsonPropertyName("timeout_ns")] long TimeoutNs,
    [property: JsonPropertyName("worker_interval_ns")] long WorkerIntervalNs,
    [property: JsonPropertyName("spread_nodes")] bool SpreadNodes
);

/// <summary>driver.Workload.</summary>
public sealed record TwinWorkloadJson(
    [property: JsonPropertyName("rate")] double Rate,
    [property: JsonPropertyName("stages")] IReadOnlyList<TwinStageJson> Stages,
    [property: JsonPropertyName("replay")] IReadOnlyList<double[]> Replay,
    [property: JsonPropertyName("triggers")] IReadOnlyList<TwinTriggerJson> Triggers,
    [property: JsonPropertyName("deadline")] TwinDistributionJson Deadline,
    [property: JsonPropertyName("service")] TwinDistributionJson Service,
    [property: JsonPropertyName("retries")] TwinRetriesJson Retries,
    [property: JsonPropertyName("cut_query_at_deadline")] bool CutQueryAtDeadline
);

/// <summary>driver.Stage: a stage's own deadline and query time are null when it keeps the workload's.</summary>
public sealed record TwinStageJson(
    [property: JsonPropertyName("for_ns")] long ForNs,
    [property: JsonPropertyName("rate")] double Rate,
    [property: JsonPropertyName("ramp")] bool Ramp,
    [property: JsonPropertyName("deadline")] TwinDistributionJson? Deadline,
    [property: JsonPropertyName("service")] TwinDistributionJson? Service
);

/// <summary>driver.Trigger.</summary>
public sealed record TwinTriggerJson(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("start_ns")] long StartNs,
    [property: JsonPropertyName("duration_ns")] long DurationNs,
    [property: JsonPropertyName("factor")] double Factor
);

/// <summary>driver.Retries.</summary>
public sealed record TwinRetriesJson(
    [property: JsonPropertyName("max")] int Max,
    [property: JsonPropertyName("on")] IReadOnlyList<string> On,
    [property: JsonPropertyName("backoff")] TwinBackoffJson Backoff,
    [property: JsonPropertyName("budget")] TwinBudgetJson? Budget
);

public sealed record TwinBackoffJson(
    [property: JsonPropertyName("initial_ns")] long InitialNs,
    [property: JsonPropertyName("max_ns")] long MaxNs,
    [property: JsonPropertyName("multiplier")] double Multiplier,
    [property: JsonPropertyName("jitter")] double Jitter
);

public sealed record TwinBudgetJson(
    [property: JsonPropertyName("ratio")] double Ratio,
    [property: JsonPropertyName("min_per_s")] double MinPerS
);

/// <summary>driver.Distribution: its kind, and the fields that kind reads (the others 0).</summary>
public sealed record TwinDistributionJson(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("value_ns")] long ValueNs = 0,
    [property: JsonPropertyName("mean_ns")] long MeanNs = 0,
    [property: JsonPropertyName("median_ns")] long MedianNs = 0,
    [property: JsonPropertyName("p99_ns")] long P99Ns = 0,
    [property: JsonPropertyName("min_ns")] long MinNs = 0,
    [property: JsonPropertyName("max_ns")] long MaxNs = 0,
    [property: JsonPropertyName("mix")] IReadOnlyList<TwinMixJson>? Mix = null
);

public sealed record TwinMixJson(
    [property: JsonPropertyName("weight")] double Weight,
    [property: JsonPropertyName("dist")] TwinDistributionJson Dist
);
