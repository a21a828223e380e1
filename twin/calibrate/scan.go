package calibrate

import (
	"fmt"
	"math"
	"math/rand"
	"runtime"
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
func scanTable(lengths []int) []string {
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
	run := driver.NewRun(sc)
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
	var out []string
	for i, l := range lengths { // lengths ascend
		if bins[i].elements < 100_000 {
			continue
		}
		out = append(out, fmt.Sprintf("%d: %s", l, ns(math.Round(float64(bins[i].nanos)/float64(bins[i].elements)))))
	}
	return out
}

// coldScanTable measures the same walk when the list's nodes are not in any cache: nodes linked in an order
// unrelated to where they sit in memory (as a long-running process's sync.Pool recycles them), spread among
// other live allocations (a large heap: 4 KiB between nodes), and the caches flushed before each walk by
// writing 64 MiB. Each element is then a memory access. A production tablet, whose query buffers churn the
// caches between walks, lies between this and scanTable's warm walk.
func coldScanTable(lengths []int) []string {
	var out []string
	for _, n := range lengths {
		perElement := median(5, func() float64 {
			nodes := make([]*pool.Element[int], n)
			spread := make([][]byte, n)
			for i := range nodes {
				nodes[i] = &pool.Element[int]{Value: i}
				spread[i] = make([]byte, 4096)
			}
			var l pool.List[int]
			for _, i := range rand.New(rand.NewSource(int64(n))).Perm(n) {
				l.PushBackValue(nodes[i])
			}
			flush := make([]byte, 64<<20)
			for i := range flush {
				flush[i] = byte(i)
			}
			start := time.Now()
			visited := 0
			for e := l.Front(); e != nil; e = e.Next() {
				visited++
			}
			elapsed := time.Since(start)
			runtime.KeepAlive(spread)
			return float64(elapsed.Nanoseconds()) / float64(visited)
		})
		out = append(out, fmt.Sprintf("%d: %s", n, ns(math.Round(perElement))))
	}
	return out
}
