package calibrate

import (
	"fmt"
	"sort"
	"strings"
)

// Repeats is how many passes Run makes over the single-valued costs, measuring each once a pass. The profile gives
// their median as the cost and their range under spread, so that a reader (and stallsim's margins) can see how far
// one measurement is from the next: two calibrations of one machine on one day gave line_transfer 40 and 162 ns.
const Repeats = 3

// Benchmark is one single-valued cost and the function that measures it once.
type Benchmark struct {
	Key     string
	Comment string
	Measure func() float64
}

// Cost is one single-valued cost, measured Repeats times.
type Cost struct {
	Key     string
	Comment string
	Values  []float64 // sorted
}

// measurePasses measures every benchmark once per pass, passes times in all, and gives each its values.
func measurePasses(passes int, benchmarks []Benchmark) []Cost {
	costs := make([]Cost, len(benchmarks))
	for i, bm := range benchmarks {
		costs[i] = Cost{Key: bm.Key, Comment: bm.Comment}
	}
	for p := 0; p < passes; p++ {
		for i, bm := range benchmarks {
			costs[i].Values = append(costs[i].Values, bm.Measure())
		}
	}
	for i := range costs {
		sort.Float64s(costs[i].Values)
	}
	return costs
}

// Median of the repeated measurements: the value the profile gives.
func (c Cost) Median() float64 { return c.Values[len(c.Values)/2] }

// Low and High: the range of the repeated measurements.
func (c Cost) Low() float64  { return c.Values[0] }
func (c Cost) High() float64 { return c.Values[len(c.Values)-1] }

// costLine is the cost's line under costs:, its median and what it measures.
func (c Cost) costLine() string {
	return fmt.Sprintf("  %s: %s   # %s\n", c.Key, ns(c.Median()), c.Comment)
}

// spreadSection is the profile's spread: each single-valued cost's range over its repeats.
func spreadSection(costs []Cost) string {
	var b strings.Builder
	fmt.Fprintf(&b, "spread:   # each single-valued cost above is the median of %d passes over them all; here their range\n", Repeats)
	for _, c := range costs {
		fmt.Fprintf(&b, "  %s: [%s, %s]\n", c.Key, ns(c.Low()), ns(c.High()))
	}
	return b.String()
}
