package driver

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Columns are stallsim's timeseries.csv columns, then two of the twin's own.
var Columns = []string{
	"variant", "seed", "t_s", "offered_per_s", "goodput_per_s", "timeouts_per_s", "wasted_handoffs_per_s",
	"evictions_per_s", "in_use", "active", "idle", "returning", "waitlist_len", "mutex_waiters", "mutex_starving",
	"p50_ms", "p99_ms", "capacity", "available", "waiters", "wait_count", "wait_time_mean_ms", "resource_exhausted",
	"expired_handoffs", "waiters_evicted", "acquisitions", "throughput", "goodput", "new_per_s", "goroutines",
	"walk_elements", "walk_ns",
}

// Sampler turns the run's counters into timeseries.csv rows: counts over each interval, gauges at its end.
type Sampler struct {
	run     *Run
	out     *bufio.Writer
	file    *os.File
	last    [16]int64
	gcStart runtime.MemStats
	dir     string
	dumps   []string // each dump's instant and how long runtime.Stack stopped the world for it
}

func NewSampler(run *Run, dir string) (*Sampler, error) {
	f, err := os.Create(filepath.Join(dir, "timeseries.csv"))
	if err != nil {
		return nil, err
	}
	s := &Sampler{run: run, out: bufio.NewWriter(f), file: f, dir: dir}
	fmt.Fprintln(s.out, strings.Join(Columns, ","))
	return s, nil
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// Sample writes the row for the interval that ends at t.
func (s *Sampler) Sample(t time.Duration) {
	r := s.run
	m := &r.pool.Metrics
	g := r.pool.Read()
	now := [16]int64{
		r.arrivedNew.Load() + r.arrivedRetry.Load(), r.finished[served].Load(), r.finished[poolTimeout].Load(),
		r.finished[deadOnArrival].Load(), g.Evictions, m.WaitCount.Load(), m.WaitTimeNanos.Load(), m.ResourceExhausted.Load(),
		m.ExpiredHandoffs.Load(), m.Acquisitions.Load(), r.throughput.Load(), r.arrivedNew.Load(),
		r.walks.Elements.Load(), r.walks.Nanos.Load(),
	}
	d := func(i int) int64 { return now[i] - s.last[i] }
	perS := float64(time.Second) / float64(r.s.SampleNs)
	r.latMu.Lock()
	lat := r.latencies
	r.latencies = nil
	r.latMu.Unlock()
	p50, p99 := "", ""
	if len(lat) > 0 {
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		p50 = num(float64(lat[len(lat)/2]) / 1000)
		p99 = num(float64(lat[len(lat)*99/100]) / 1000)
	}
	waitMean := ""
	if d(5) > 0 {
		waitMean = num(float64(d(6)) / 1e6 / float64(d(5)))
	}
	starving := "0"
	if g.Starving {
		starving = "1"
	}
	returning := g.Active - g.InUse - g.Idle - g.Dialing
	if returning < 0 {
		returning = 0
	}
	capacity := int64(r.s.Pool.Capacity)
	row := []string{
		r.s.Variant.Name, strconv.FormatInt(r.s.Seed, 10), num(t.Seconds()),
		num(float64(d(0)) * perS), num(float64(d(1)) * perS), num(float64(d(2)) * perS), num(float64(d(3)) * perS), num(float64(d(4)) * perS),
		itoa(g.InUse), itoa(g.Active), itoa(g.Idle), itoa(returning), itoa(g.Waiters), itoa(g.MutexWaiters), starving,
		p50, p99, itoa(capacity), itoa(capacity - g.InUse), itoa(g.Waiters),
		itoa(d(5)), waitMean, itoa(d(7)), itoa(d(8)), itoa(d(4)), itoa(d(9)), itoa(d(10)), itoa(d(1)),
		num(float64(d(11)) * perS), itoa(int64(runtime.NumGoroutine())), itoa(d(12)), itoa(d(13)),
	}
	fmt.Fprintln(s.out, strings.Join(row, ","))
	s.last = now
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// Dump writes every goroutine's stack, in the format of runtime.Stack (what /debug/pprof/goroutine?debug=2
// serves), for stallsim dump to read.
func (s *Sampler) Dump(t time.Duration) {
	buf := make([]byte, 64<<20)
	start := time.Now()
	for {
		n := runtime.Stack(buf, true) // stops the world while it writes every goroutine's stack
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	// The dump is not free: every goroutine stands still while it is written (with tens of thousands of
	// goroutines, a good part of a second), and the pool's timers and queries go on meanwhile. run.txt says how
	// long each took, so that a comparison can tell the instrument from the pool.
	s.dumps = append(s.dumps, fmt.Sprintf("%s:%.1fms", num(t.Seconds()), float64(time.Since(start).Microseconds())/1000))
	name := filepath.Join(s.dir, fmt.Sprintf("goroutines-%s.txt", num(t.Seconds())))
	if err := os.WriteFile(name, buf, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "twin:", err)
	}
}

// GC says what the garbage collector took over the run: its share of the CPU, its pauses and their count.
func (s *Sampler) GC() string {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return fmt.Sprintf("gc_cpu_fraction=%.4f gc_pause_total_ms=%.1f gc_cycles=%d dump_pauses=%s", m.GCCPUFraction, float64(m.PauseTotalNs)/1e6, m.NumGC, strings.Join(s.dumps, ","))
}

func (s *Sampler) Close() error {
	if err := s.out.Flush(); err != nil {
		return err
	}
	return s.file.Close()
}
