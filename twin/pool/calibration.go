package pool

import (
	"context"
	"math/rand"
	"sync"
	"sync/atomic"
	"time"
)

// SelfRemovalScan measures what a release-23 self-removal walk costs per element on this machine, the way a
// loaded pool runs it: waiters keep arriving (each a goroutine with its context, taking its list node from the
// waitlist's sync.Pool, where the nodes of waiters that left were put back in the order they left) and leave
// when their deadlines pass, uniformly spread, so that about n are listed and each walks the list under wl.mu
// to its own element. Nodes recycled this way lie in memory in no order the list keeps, as in a pool that has
// been running. After one lifetime to fill up, the walks of the next measureFor are timed; it returns the
// nanoseconds per element visited over all of them.
func SelfRemovalScan(n int, lifetime, measureFor time.Duration) float64 {
	wl := newWaitlist(Buggy)
	var probing atomic.Bool
	var mu sync.Mutex
	var visitedTotal int
	var heldTotal time.Duration
	wl.scanProbe = func(visited int, held time.Duration) {
		if !probing.Load() || visited < 16 {
			return
		}
		mu.Lock()
		visitedTotal += visited
		heldTotal += held
		mu.Unlock()
	}
	rng := rand.New(rand.NewSource(int64(n)))
	gap := lifetime / time.Duration(n)
	var wg sync.WaitGroup
	start := time.Now()
	end := start.Add(lifetime + measureFor)
	for next := start; next.Before(end); next = next.Add(gap) {
		if d := time.Until(next); d > 100*time.Microsecond {
			time.Sleep(d)
		}
		if !probing.Load() && time.Since(start) > lifetime {
			probing.Store(true)
		}
		life := time.Duration((0.5 + rng.Float64()) * float64(lifetime))
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), life)
			defer cancel()
			wl.waitForConn(ctx, nil, nil)
		}()
	}
	probing.Store(false)
	wg.Wait()
	if visitedTotal == 0 {
		return 0
	}
	return float64(heldTotal.Nanoseconds()) / float64(visitedTotal)
}
