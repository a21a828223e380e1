package calibrate

import (
	"fmt"
	"math/rand"
	"runtime"
	"time"
)

// resumeHop: what running a goroutine costs when it is one of `parked` goroutines that each ran long ago, so that
// its g, its stack and its channel have left the caches, as a waiter's have in a long waitlist. The goroutines
// pass a token around a ring in a random order (a random cyclic permutation, Sattolo's), each blocked on a channel
// of its own: each hop is a send that readies a cold goroutine, the sender's park and the switch to the woken one,
// on one processor. The median over 3 rounds of the time per hop. With a few goroutines it is the hot hop, which
// chan_wake and switch measure; the difference at `parked` is the cold part the model adds to each switch.
func resumeHop(parked int) float64 {
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	return median(3, func() float64 {
		chans := make([]chan struct{}, parked)
		for i := range chans {
			chans[i] = make(chan struct{})
		}
		next := make([]int, parked)
		for i := range next {
			next[i] = i
		}
		rng := rand.New(rand.NewSource(int64(parked)))
		for i := parked - 1; i > 0; i-- { // Sattolo: one cycle through every goroutine
			j := rng.Intn(i)
			next[i], next[j] = next[j], next[i]
		}
		hops := 4 * parked
		if hops < 200_000 {
			hops = 200_000
		}
		done := make(chan time.Duration)
		var start time.Time
		left := hops
		for i := 0; i < parked; i++ {
			i := i
			go func() {
				for range chans[i] {
					left--
					if left == 0 {
						done <- time.Since(start)
						return
					}
					chans[next[i]] <- struct{}{}
				}
			}()
		}
		time.Sleep(50 * time.Millisecond) // every goroutine parked
		runtime.GC()
		start = time.Now()
		chans[0] <- struct{}{}
		elapsed := <-done
		for _, c := range chans {
			close(c)
		}
		return float64(elapsed.Nanoseconds()) / float64(hops)
	})
}

// resumeTable is resumeHop at each count of parked goroutines, as "N: ns" entries.
func resumeTable(counts []int) []string {
	var t []string
	for _, n := range counts {
		t = append(t, fmt.Sprintf("%d: %s", n, ns(resumeHop(n))))
	}
	return t
}
