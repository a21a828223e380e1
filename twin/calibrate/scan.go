package calibrate

import (
	"fmt"
	"math"
	"sort"
	"sync"
	"time"

	"stallsim/twin/driver"
	"stallsim/twin/pool"
)

// scanTable measures what one element of a release-23 self-removal walk costs, by the list's length, in a pool
// under load: the twin's pool and driver (32 connections at 5 ms, 30% of the requests with a 100 ms deadline,
// the rest bounded by a 3 s pool timeout) with arrivals ramping from 1x to 4x of capacity over 12 s, so that the
// list grows through every length while waiters come and go. The list's nodes are then laid out in memory as a
// running pool lays them out (recycled through its sync.Pool as waiters leave), and the walks run among the
// goroutine switches, contexts and timers of real traffic: the cost depends on all of that (caches), which is
// why it is measured here and not in a quiet loop. Each length L takes the walks that began with between L/1.4
// and 1.4L waiters listed; lengths no walk reached are left out.
//
// With spread, the pool lays each list node on a page of its own (pool.SpreadNodes, as `stallsim twin
// --cold-walk` does): the walk of a large process, whose other allocations sit between the nodes, so that each
// element is a cache miss. Measured in the same traffic, so that the cold table and the twin's cold walk are the
// same walk. A spread walk's cost swings from one ramp to the next (how many of its pages the TLB and the caches
// still hold), so the profile takes the median of rounds ramps at each length.
func scanTable(lengths []int, spread bool, rounds int) []string {
	return scanTableOn(lengths, layout{spread: spread}, rounds)
}

// layout is where a ramp's list nodes lie: packed (the waitlist's sync.Pool in a small heap), spread (one a page),
// or among a live heap of tenants (heapBytes > 0).
type layout struct {
	spread    bool
	heapBytes int
}

func scanTableOn(lengths []int, at layout, rounds int) []string {
	perLength := make([][]float64, len(lengths))
	for r := 0; r < rounds; r++ {
		for i, v := range scanRamp(lengths, at) {
			if v > 0 {
				perLength[i] = append(perLength[i], v)
			}
		}
		settle()
	}
	var out []string
	for i, l := range lengths { // lengths ascend
		if v := perLength[i]; len(v) > 0 {
			sort.Float64s(v)
			out = append(out, fmt.Sprintf("%d: %s", l, ns(math.Round(v[len(v)/2]))))
		}
	}
	return out
}

// scanRamp runs the ramp once and returns the cost per element at each length (0 where too few walks reached it).
func scanRamp(lengths []int, at layout) []float64 {
	ms, s := int64(time.Millisecond), int64(time.Second)
	sc := &driver.Scenario{
		Name: "calibrate-scan", HorizonNs: 15 * s, SampleNs: s, Seed: 1, Variant: pool.Buggy,
		Pool: driver.PoolSettings{Capacity: 32, TimeoutNs: 3 * s, WorkerIntervalNs: 100 * ms},
		Workload: driver.Workload{
			Rate:   6400,
			Stages: []driver.Stage{{ForNs: 15 * s, Rate: 6400, Ramp: true}},
			Deadline: driver.Distribution{Kind: "mix", Mix: []driver.MixComponent{
				{Weight: 0.3, Dist: driver.Distribution{Kind: "constant", ValueNs: 100 * ms}},
				{Weight: 0.7, Dist: driver.Distribution{Kind: "constant", ValueNs: 30 * s}},
			}},
			Service:            driver.Distribution{Kind: "exponential", MeanNs: 5 * ms},
			CutQueryAtDeadline: true,
		},
	}
	sc.Workload.Rate = 32000 // the ramp ends at 5x, the rate after the stage
	sc.Pool.SpreadNodes = at.spread
	run := driver.NewRun(sc)
	if at.heapBytes > 0 {
		run.HeapShaped(at.heapBytes)
	}
	type bin struct{ elements, nanos int64 }
	bins := make([]bin, len(lengths))
	var mu sync.Mutex
	run.Pool().ProbeWalks(func(length, visited int, held time.Duration) {
		if visited < 16 {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		for i, l := range lengths {
			if float64(length) >= float64(l)/1.4 && float64(length) <= float64(l)*1.4 {
				bins[i].elements += int64(visited)
				bins[i].nanos += held.Nanoseconds()
			}
		}
	})
	run.Go(func(time.Duration) {}, func(time.Duration) {})
	out := make([]float64, len(lengths))
	for i := range lengths {
		if bins[i].elements >= 100_000 {
			out[i] = float64(bins[i].nanos) / float64(bins[i].elements)
		}
	}
	return out
}

// HeapBytes is the live heap of the profile's production-shaped walk: a busy tablet's order of size (the three
// sizes calibrate-heap prints, 64 MB to 2 GB, gave walks within a few ns of each other, docs/model.md#costs).
const HeapBytes = 512 << 20

// HeapTable is the walk in a production-shaped heap: the same ramps with each request keeping small objects of the
// nodes' size class alive in a live heap of heapBytes (pool.Tenants), the nodes coming from the waitlist's
// sync.Pool and the GC running; the median of rounds ramps at each length, as "N: ns" entries.
func HeapTable(lengths []int, heapBytes, rounds int) []string {
	return scanTableOn(lengths, layout{heapBytes: heapBytes}, rounds)
}
