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
	"sync/atomic"
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

// chanSend: the sender's side of a send that readies a receiver parked on an unbuffered channel (the eviction's
// send under wl.mu, and the hand-off to a waiter parked in its select): the send itself, not the wake. The
// other Ps are kept busy, as in a loaded pool: with an idle P, each send would also wake a thread (wakep).
func chanSend() float64 {
	stop := make(chan struct{})
	for i := 1; i < runtime.GOMAXPROCS(0); i++ {
		go func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
			}
		}()
	}
	defer close(stop)
	return median(5, func() float64 {
		const n = 2000
		chans := make([]chan int, n)
		var wg sync.WaitGroup
		for i := range chans {
			chans[i] = make(chan int)
			wg.Add(1)
			go func(c chan int) {
				defer wg.Done()
				<-c
			}(chans[i])
		}
		time.Sleep(20 * time.Millisecond) // every receiver parked
		start := time.Now()
		for _, c := range chans {
			c <- 1
		}
		d := float64(time.Since(start).Nanoseconds()) / n
		wg.Wait()
		return d
	})
}

// idleWakeup: a goroutine made runnable while its P stays busy, in that P's local queue (a second goroutine
// readied after it took runnext), runs on the other, idle P: the thread woken from its futex (wakep), then
// stealing it. Median over 200 wake-ups.
func idleWakeup() float64 {
	if runtime.GOMAXPROCS(0) < 2 {
		return 0
	}
	var lags []float64
	for i := 0; i < 400; i++ {
		first, second := make(chan time.Time), make(chan time.Time)
		got := make(chan float64, 1)
		go func() {
			sent := <-first
			got <- float64(time.Since(sent).Nanoseconds())
		}()
		go func() { <-second }()
		time.Sleep(2 * time.Millisecond) // both parked, the other P idle
		go func() {
			now := time.Now()
			first <- now  // readied into runnext...
			second <- now // ...and bumped to the local queue by this one
			for end := time.Now().Add(2 * time.Millisecond); time.Now().Before(end); {
			}
		}()
		lags = append(lags, <-got)
		time.Sleep(3 * time.Millisecond)
	}
	// Also the thread wake-ups that find an idle M at once, and those that need another: the median says
	// what one costs.
	sort.Float64s(lags)
	return lags[len(lags)/2]
}

// requestWork: a request's own work outside the pool's waits, as the twin's driver does it: a goroutine, its
// context with a deadline, a Get that finds an idle connection, the Recycle, the cancel. One P, many requests.
func requestWork() float64 {
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	p := pool.NewPool(4, 0, pool.Fixed)
	warm, _ := p.Get(context.Background())
	p.Recycle(warm)
	return median(5, func() float64 {
		const n = 100_000
		var wg sync.WaitGroup
		start := time.Now()
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(time.Second))
				if conn, err := p.Get(ctx); err == nil {
					_ = ctx.Err()
					p.Recycle(conn)
				}
				cancel()
			}()
		}
		wg.Wait()
		return float64(time.Since(start).Nanoseconds()) / n
	})
}

// lineTransfer: one cache line moving from one core to the other, the cost of reading a word another processor has
// just written. Two goroutines, each locked to its own thread, take turns to bump a shared counter; a round trip
// moves the line twice. 0 with a single processor, where no line moves.
func lineTransfer() float64 {
	if runtime.GOMAXPROCS(0) < 2 {
		return 0
	}
	const n = 1_000_000
	return median(5, func() float64 {
		var turn int64
		done := make(chan struct{})
		go func() {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			for i := int64(1); i < n; i += 2 {
				for atomic.LoadInt64(&turn) != i {
				}
				atomic.StoreInt64(&turn, i+1)
			}
			close(done)
		}()
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		start := time.Now()
		for i := int64(0); i < n; i += 2 {
			atomic.StoreInt64(&turn, i+1)
			for atomic.LoadInt64(&turn) != i+2 {
			}
		}
		elapsed := time.Since(start)
		<-done
		return float64(elapsed.Nanoseconds()) / n
	})
}

// starvingHandoff: in starvation mode, from Unlock to the next owner running. g goroutines queue while a holder
// keeps the mutex for 2 ms; the holder then unlocks, which wakes the head waiter, and takes the mutex back at once
// for 200 µs: the woken waiter, having waited over 1 ms, finds it locked and switches it to starvation mode (only
// a woken waiter that loses does). From then on each Unlock hands the mutex to the head of the queue, until an
// owner that waited under 1 ms ends the mode. Each owner records the time and whether the mode was on; the
// median gap between consecutive owners that both had it on is the hand-off. (Before 2026-11-27 this benchmark
// never switched the mode on and timed one goroutine re-taking an uncontended mutex.) The median of 5 rounds
// that saw a hand-off; ten tries at most.
func starvingHandoff(g int) float64 {
	var rounds []float64
	for try := 0; try < 10 && len(rounds) < 5; try++ {
		if v := starvingHandoffRound(g); v > 0 {
			rounds = append(rounds, v)
		}
	}
	if len(rounds) == 0 {
		return 0
	}
	sort.Float64s(rounds)
	return rounds[len(rounds)/2]
}

func starvingHandoffRound(g int) float64 {
	var mu sync.Mutex
	const each = 20
	type owner struct {
		at       time.Time
		starving bool
	}
	owners := make([]owner, 0, g*each)
	var wg sync.WaitGroup
	mu.Lock()
	for i := 0; i < g; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < each; j++ {
				mu.Lock()
				owners = append(owners, owner{time.Now(), pool.MutexStarving(&mu)})
				mu.Unlock()
			}
		}()
	}
	time.Sleep(2 * time.Millisecond)
	mu.Unlock()
	mu.Lock()
	time.Sleep(200 * time.Microsecond)
	mu.Unlock()
	wg.Wait()
	var gaps []float64
	for i := 1; i < len(owners); i++ {
		if owners[i].starving && owners[i-1].starving {
			gaps = append(gaps, float64(owners[i].at.Sub(owners[i-1].at).Nanoseconds()))
		}
	}
	if len(gaps) == 0 {
		return 0
	}
	sort.Float64s(gaps)
	return gaps[len(gaps)/2]
}

// schedSwitch: a processor putting the running goroutine back and starting another. Two goroutines on one P take
// turns with runtime.Gosched; the time per Gosched. The median of 5 rounds.
func schedSwitch() float64 {
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	return median(5, func() float64 {
		const n = 200_000
		var wg sync.WaitGroup
		start := time.Now()
		for k := 0; k < 2; k++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < n; i++ {
					runtime.Gosched()
				}
			}()
		}
		wg.Wait()
		return float64(time.Since(start).Nanoseconds()) / (2 * n)
	})
}

// ctxExpire: what a context's deadline costs the processor that runs its timer. n goroutines each park on the
// Done of a context of their own, all with the same deadline, on one processor: from the first of them running to
// the last, each expiry takes its timer, the goroutine time.AfterFunc starts (goFunc), cancel (the context's
// lock, closing Done, readying the waiter), that goroutine's exit and the waiter's run. The median of 3 rounds.
func ctxExpire() float64 {
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	const n = 10000
	return median(3, func() float64 {
		deadline := time.Now().Add(300 * time.Millisecond)
		var wg sync.WaitGroup
		var first, last atomic.Int64
		for i := 0; i < n; i++ {
			ctx, cancel := context.WithDeadline(context.Background(), deadline)
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer cancel()
				<-ctx.Done()
				now := time.Now().UnixNano()
				first.CompareAndSwap(0, now)
				last.Store(now)
			}()
		}
		wg.Wait()
		runtime.GC()
		return float64(last.Load()-first.Load()) / (n - 1)
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

// netpollSlack: how late an idle process's network poller wakes for a timer it waits exactly 1 ms for
// (epoll_wait with a 1 ms timeout: the kernel's timer slack and the thread's wake-up). The median of 200.
func netpollSlack() float64 {
	var v []float64
	for i := 0; i < 200; i++ {
		start := time.Now()
		time.Sleep(time.Millisecond)
		v = append(v, float64((time.Since(start) - time.Millisecond).Nanoseconds()))
	}
	sort.Float64s(v)
	return v[len(v)/2]
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

// CPUModel is this machine's CPU model name (/proc/cpuinfo), as a profile records it.
func CPUModel() string {
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

// settle waits (at most 20 s) until the goroutines a walk under load left behind (waiters whose deadlines
// have yet to pass) stop falling in number, so that the next measurement runs in a quiet process.
func settle() {
	for end, last := time.Now().Add(20*time.Second), runtime.NumGoroutine(); time.Now().Before(end); {
		time.Sleep(time.Second)
		n := runtime.NumGoroutine()
		if n >= last { // no longer falling: what is left is not the walk's traffic
			break
		}
		last = n
	}
	runtime.GC()
}

func ns(v float64) string { return fmt.Sprintf("%.0fns", v) }

// Run measures everything and writes the profile.
func Run(out string) error {
	lengths := []int{1000, 2000, 5000, 10000, 20000, 50000}
	var lags []string
	for _, r := range []int{0, 1000, 5000, 20000} {
		lags = append(lags, fmt.Sprintf("%d: %s", r, ns(timerLag(r))))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# A costs profile: the Go costs stallsim's model charges, measured by `stallsim calibrate`\n")
	fmt.Fprintf(&b, "# (the twin's twin/calibrate, Go's own runtime) on this machine. Every value is a measurement.\n")
	fmt.Fprintf(&b, "measured:\n")
	fmt.Fprintf(&b, "  date: %s\n", time.Now().UTC().Format("2006-01-02"))
	fmt.Fprintf(&b, "  cpu: %q\n", CPUModel())
	fmt.Fprintf(&b, "  gomaxprocs: %d\n", runtime.GOMAXPROCS(0))
	fmt.Fprintf(&b, "  go: %s\n", runtime.Version())
	fmt.Fprintf(&b, "  command: stallsim calibrate\n")
	fmt.Fprintf(&b, "costs:\n")
	// The walks under load come last: their traffic leaves goroutines behind that would disturb the rest. The
	// single-valued costs are measured in Repeats passes over all of them, so that each one's range spans the
	// minutes of the calibration, not one moment of it.
	costs := measurePasses(Repeats, []Benchmark{
		{"list_push", "Lock, PushBack, Unlock (and the same to unlink), uncontended", listPush},
		{"ctx_check", "ctx.Err() on a live context.WithDeadline", ctxErr},
		{"lock_unlock", "an uncontended sync.Mutex Lock and Unlock", lockUnlock},
		{"chan_send", "the sender's side of a send that readies a parked receiver", chanSend},
		{"chan_wake", "a send readying a parked receiver, to it running (half a ping-pong)", chanWake},
		{"line_transfer", "a cache line written on one processor, read on another (half a ping-pong)", lineTransfer},
		{"starving_handoff", "starvation mode: Unlock to the next owner running (1,000 goroutines)", func() float64 { return starvingHandoff(1000) }},
		{"switch", "a processor starting another goroutine: runtime.Gosched between two on one P", schedSwitch},
		{"ctx_expire", "a context's deadline firing: time.AfterFunc's goroutine cancels it and readies its waiter (one P)", ctxExpire},
		{"sleep_lag", "time.Sleep(5ms) overshoots by, on an idle process", sleepLag},
		{"netpoll_slack", "an idle process's poller waking for a timer it waited 1 ms for, late by", netpollSlack},
		{"idle_wakeup", "a goroutine readied while its P stays busy, to it running on the idle P", idleWakeup},
		{"request", "a request's own work: goroutine, context, Get from the idle stack, Recycle, cancel", requestWork},
	})
	for _, c := range costs {
		b.WriteString(c.costLine())
	}
	fmt.Fprintf(&b, "  resume_hop: { %s }   # a token's hop to the next of N goroutines in a random ring, each parked on its own channel, one P\n", strings.Join(resumeTable([]int{100, 1000, 10000, 50000, 100000}), ", "))
	fmt.Fprintf(&b, "  timer_lag: { %s }   # a context's deadline to its ctx.Done waiter running, by runnable goroutines\n", strings.Join(lags, ", "))
	// The warm walk first, in a process no other walk has disturbed; the cold walk's five ramps after it; the
	// production-shaped heap last, since its live heap of HeapBytes would crowd the others.
	warm := scanTable(lengths, false, 1)
	cold := scanTable(lengths, true, 5)
	heap := HeapTable(lengths, HeapBytes, 3)
	fmt.Fprintf(&b, "  scan_per_element_cold: { %s }   # the same walk, each node on a page of its own (scan_per_element: cold)\n", strings.Join(cold, ", "))
	fmt.Fprintf(&b, "  scan_per_element_heap: { %s }   # the same walk, its nodes among other requests' objects in a %d MB live heap, the GC running (scan_per_element: heap)\n", strings.Join(heap, ", "), HeapBytes>>20)
	fmt.Fprintf(&b, "  scan_per_element: { %s }   # a self-removal's walk, per element, by the list's length, under load\n", strings.Join(warm, ", "))
	b.WriteString(spreadSection(costs))
	return os.WriteFile(out, []byte(b.String()), 0o644)
}
