// Package calibrate measures, on this machine, the Go costs stallsim's model charges, and writes them as a
// costs profile (YAML) that a scenario names with go.costs.
package calibrate

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"stallsim/twin/pool"
)

// median of f's results over rounds.
func median(rounds int, f func() float64) float64 {
	v := make([]float64, rounds)
	for i := range v {
		v[i] = f()
	}
	sort.Float64s(v)
	return v[rounds/2]
}

func perOp(n int, f func()) float64 {
	start := time.Now()
	for i := 0; i < n; i++ {
		f()
	}
	return float64(time.Since(start).Nanoseconds()) / float64(n)
}

// listPush: one element pushed onto and unlinked from the list, the uncontended lock taken around each, as a
// waiter joins and a returner or RemoveIfPresent unlinks.
func listPush() float64 {
	var mu sync.Mutex
	var l pool.List[int]
	nodes := make([]*pool.Element[int], 1024)
	for i := range nodes {
		nodes[i] = &pool.Element[int]{}
	}
	return median(7, func() float64 {
		const n = 1 << 20
		start := time.Now()
		for i := 0; i < n; i++ {
			e := nodes[i&1023]
			mu.Lock()
			l.PushBackValue(e)
			mu.Unlock()
			mu.Lock()
			l.Remove(e)
			mu.Unlock()
		}
		return float64(time.Since(start).Nanoseconds()) / n / 2
	})
}

// ctxErr: ctx.Err() on a live context.WithDeadline.
func ctxErr() float64 {
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(time.Hour))
	defer cancel()
	var sink error
	d := median(7, func() float64 { return perOp(1<<22, func() { sink = ctx.Err() }) })
	_ = sink
	return d
}

// lockUnlock: an uncontended sync.Mutex Lock and Unlock.
func lockUnlock() float64 {
	var mu sync.Mutex
	return median(7, func() float64 { return perOp(1<<22, func() { mu.Lock(); mu.Unlock() }) })
}

// chanWake: a send that readies a receiver parked on the channel, to that receiver running: half a round trip
// of two goroutines passing a token over two unbuffered channels.
func chanWake() float64 {
	return median(7, func() float64 {
		a, b := make(chan int), make(chan int)
		const n = 200_000
		go func() {
			for v := range a {
				b <- v
			}
		}()
		start := time.Now()
		for i := 0; i < n; i++ {
			a <- i
			<-b
		}
		close(a)
		return float64(time.Since(start).Nanoseconds()) / n / 2
	})
}

// starvingHandoff: in starvation mode, from Unlock to the next owner running. g goroutines take the mutex in
// turn, each for an instant; the mutex is put in starvation mode first (a holder keeps it for 2 ms while they
// queue). The time between consecutive acquisitions is the hand-off.
func starvingHandoff(g int) float64 {
	return median(5, func() float64 {
		var mu sync.Mutex
		const each = 200
		stamps := make([]time.Time, 0, g*each)
		var wg sync.WaitGroup
		mu.Lock()
		for i := 0; i < g; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := 0; j < each; j++ {
					mu.Lock()
					stamps = append(stamps, time.Now())
					mu.Unlock()
				}
			}()
		}
		time.Sleep(2 * time.Millisecond)
		mu.Unlock()
		wg.Wait()
		var gaps []float64
		for i := 1; i < len(stamps); i++ {
			gaps = append(gaps, float64(stamps[i].Sub(stamps[i-1]).Nanoseconds()))
		}
		sort.Float64s(gaps)
		return gaps[len(gaps)/2]
	})
}

// timerLag: from a context's deadline to a goroutine parked on ctx.Done() running, with `runnable` other
// goroutines always ready to run (each yields in a loop). The mean over 40 deadlines.
func timerLag(runnable int) float64 {
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < runnable; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
					runtime.Gosched()
				}
			}
		}()
	}
	time.Sleep(20 * time.Millisecond)
	var total float64
	const n = 40
	for i := 0; i < n; i++ {
		deadline := time.Now().Add(3 * time.Millisecond)
		ctx, cancel := context.WithDeadline(context.Background(), deadline)
		<-ctx.Done()
		total += float64(time.Since(deadline).Nanoseconds())
		cancel()
	}
	close(stop)
	wg.Wait()
	return total / n
}

// sleepLag: time.Sleep(d) overshoots d, on a process with nothing else to do: the mean over 100 sleeps of
// 5 ms (a query of the staged-overload scenario).
func sleepLag() float64 {
	var total float64
	const n = 100
	for i := 0; i < n; i++ {
		start := time.Now()
		time.Sleep(5 * time.Millisecond)
		total += float64((time.Since(start) - 5*time.Millisecond).Nanoseconds())
	}
	return total / n
}

func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "model name") {
			if i := strings.Index(line, ":"); i >= 0 {
				return strings.TrimSpace(line[i+1:])
			}
		}
	}
	return "unknown"
}

func ns(v float64) string { return fmt.Sprintf("%.0fns", v) }

// Run measures everything and writes the profile.
func Run(out string) error {
	lengths := []int{1000, 2000, 5000, 10000, 20000, 50000}
	var scan []string
	for _, n := range lengths {
		// A lifetime long enough that the lock is not saturated at this length: the walks themselves are measured.
		lifetime := time.Duration(n/1000+1) * 200 * time.Millisecond
		scan = append(scan, fmt.Sprintf("%d: %s", n, ns(median(3, func() float64 { return pool.SelfRemovalScan(n, lifetime, lifetime) }))))
	}
	var lags []string
	for _, r := range []int{0, 1000, 5000, 20000} {
		lags = append(lags, fmt.Sprintf("%d: %s", r, ns(timerLag(r))))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# A costs profile: the Go costs stallsim's model charges, measured by `stallsim calibrate`\n")
	fmt.Fprintf(&b, "# (the twin's twin/calibrate, Go's own runtime) on this machine. Every value is a measurement.\n")
	fmt.Fprintf(&b, "measured:\n")
	fmt.Fprintf(&b, "  date: %s\n", time.Now().UTC().Format("2006-01-02"))
	fmt.Fprintf(&b, "  cpu: %q\n", cpuModel())
	fmt.Fprintf(&b, "  gomaxprocs: %d\n", runtime.GOMAXPROCS(0))
	fmt.Fprintf(&b, "  go: %s\n", runtime.Version())
	fmt.Fprintf(&b, "  command: stallsim calibrate\n")
	fmt.Fprintf(&b, "costs:\n")
	fmt.Fprintf(&b, "  list_push: %s          # Lock, PushBack, Unlock (and the same to unlink), uncontended\n", ns(listPush()))
	fmt.Fprintf(&b, "  scan_per_element: { %s }   # a self-removal's walk, per element, by the list's length\n", strings.Join(scan, ", "))
	fmt.Fprintf(&b, "  ctx_check: %s          # ctx.Err() on a live context.WithDeadline\n", ns(ctxErr()))
	fmt.Fprintf(&b, "  lock_unlock: %s        # an uncontended sync.Mutex Lock and Unlock\n", ns(lockUnlock()))
	fmt.Fprintf(&b, "  chan_wake: %s          # a send readying a parked receiver, to it running (half a ping-pong)\n", ns(chanWake()))
	fmt.Fprintf(&b, "  starving_handoff: %s   # starvation mode: Unlock to the next owner running (100 goroutines)\n", ns(starvingHandoff(100)))
	fmt.Fprintf(&b, "  timer_lag: { %s }   # a context's deadline to its ctx.Done waiter running, by runnable goroutines\n", strings.Join(lags, ", "))
	fmt.Fprintf(&b, "  sleep_lag: %s         # time.Sleep(5ms) overshoots by, on an idle process\n", ns(sleepLag()))
	return os.WriteFile(out, []byte(b.String()), 0o644)
}
