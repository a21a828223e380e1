// Package driver runs a stallsim scenario on the twin pool in wall-clock time: the clients, the tablet's
// request goroutines, the sampler and the goroutine dumps.
package driver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand"
	"os"
	"time"

	"stallsim/twin/pool"
)

// Scenario is the resolved scenario stallsim hands the twin (stallsim twin writes it as JSON): every duration
// in nanoseconds, every rate per second, every default already applied.
type Scenario struct {
	Name        string       `json:"name"`
	HorizonNs   int64        `json:"horizon_ns"`
	SampleNs    int64        `json:"sample_every_ns"`
	Seed        int64        `json:"seed"`
	Variant     pool.Variant `json:"variant"`
	Pool        PoolSettings `json:"pool"`
	Workload    Workload     `json:"workload"`
	CensusAtNs  []int64      `json:"census_at_ns"`
	DeadRequest int64        `json:"dead_request_ns"`
}

type PoolSettings struct {
	Capacity         int   `json:"capacity"`
	DialNs           int64 `json:"dial_ns"`
	TimeoutNs        int64 `json:"timeout_ns"`
	WorkerIntervalNs int64 `json:"worker_interval_ns"`
	SpreadNodes      bool  `json:"spread_nodes"` // each waiter's list node on a page of its own (stallsim twin --cold-walk)
}

type Workload struct {
	Rate               float64      `json:"rate"`
	Stages             []Stage      `json:"stages"`
	Replay             [][2]float64 `json:"replay"` // (t_ns, rate)
	Triggers           []Trigger    `json:"triggers"`
	Deadline           Distribution `json:"deadline"`
	Service            Distribution `json:"service"`
	Retries            Retries      `json:"retries"`
	CutQueryAtDeadline bool         `json:"cut_query_at_deadline"`
}

// Stage is one step of a staged load; Deadline and Service, when set, replace the workload's for the requests
// sent and the queries started in it (a timeout storm: a stage at 3x whose requests have 2 ms deadlines).
type Stage struct {
	ForNs    int64         `json:"for_ns"`
	Rate     float64       `json:"rate"`
	Ramp     bool          `json:"ramp"`
	Deadline *Distribution `json:"deadline"`
	Service  *Distribution `json:"service"`
}

type Trigger struct {
	Kind       string  `json:"kind"` // slow-db, load-spike, restart
	StartNs    int64   `json:"start_ns"`
	DurationNs int64   `json:"duration_ns"`
	Factor     float64 `json:"factor"`
}

type Retries struct {
	Max     int      `json:"max"`
	On      []string `json:"on"` // deadline, pool_timeout, error
	Backoff struct {
		InitialNs  int64   `json:"initial_ns"`
		MaxNs      int64   `json:"max_ns"`
		Multiplier float64 `json:"multiplier"`
		Jitter     float64 `json:"jitter"`
	} `json:"backoff"`
	Budget *struct {
		Ratio   float64 `json:"ratio"`
		MinPerS float64 `json:"min_per_s"`
	} `json:"budget"`
}

func (r Retries) on(reason string) bool {
	for _, x := range r.On {
		if x == reason {
			return true
		}
	}
	return false
}

// Distribution is a duration distribution: constant, exponential, lognormal (median, p99), uniform, or a mix.
type Distribution struct {
	Kind    string         `json:"kind"`
	ValueNs int64          `json:"value_ns"`
	MeanNs  int64          `json:"mean_ns"`
	Median  int64          `json:"median_ns"`
	P99     int64          `json:"p99_ns"`
	MinNs   int64          `json:"min_ns"`
	MaxNs   int64          `json:"max_ns"`
	Mix     []MixComponent `json:"mix"`
}

type MixComponent struct {
	Weight float64      `json:"weight"`
	Dist   Distribution `json:"dist"`
}

// Sample draws a duration.
func (d Distribution) Sample(rng *rand.Rand) time.Duration {
	switch d.Kind {
	case "constant":
		return time.Duration(d.ValueNs)
	case "exponential":
		return time.Duration(rng.ExpFloat64() * float64(d.MeanNs))
	case "lognormal":
		sigma := math.Log(float64(d.P99)/float64(d.Median)) / 2.3263478740408408
		return time.Duration(math.Exp(math.Log(float64(d.Median)) + sigma*rng.NormFloat64()))
	case "uniform":
		return time.Duration(float64(d.MinNs) + rng.Float64()*float64(d.MaxNs-d.MinNs))
	case "mix":
		total := 0.0
		for _, c := range d.Mix {
			total += c.Weight
		}
		u := rng.Float64() * total
		for _, c := range d.Mix {
			if u < c.Weight {
				return c.Dist.Sample(rng)
			}
			u -= c.Weight
		}
		return d.Mix[len(d.Mix)-1].Dist.Sample(rng)
	}
	panic(fmt.Sprintf("unknown distribution %q", d.Kind))
}

// ReadScenario reads the JSON stallsim wrote.
func ReadScenario(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	// A field the twin does not know is refused, not ignored: stallsim and the twin share one contract
	// (testdata/scenario-*.json, which stallsim's tests write and scenario_test.go reads).
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s Scenario
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if s.HorizonNs <= 0 || s.SampleNs <= 0 || s.Pool.Capacity <= 0 {
		return nil, fmt.Errorf("%s: horizon, sample interval and capacity must be positive", path)
	}
	return &s, nil
}
