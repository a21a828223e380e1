package driver

import (
	"context"
	"math/rand"
	"sync"
	"sync/atomic"
	"time"

	"stallsim/twin/pool"
)

// Outcomes of a request, as stallsim's.
const (
	served = iota
	poolTimeout
	deadOnArrival
	queryDeadline
	outcomes
)

// Run is one run of a scenario: the pool, its worker, the clients and the sampler, for the horizon in wall time.
type Run struct {
	s      *Scenario
	load   load
	pool   *pool.ConnPool
	start  time.Time
	stream *streams

	arrivedNew, arrivedRetry, throughput, retriesDenied atomic.Int64
	inFlight                                            atomic.Int64
	finished                                            [outcomes]atomic.Int64

	walks  pool.WalkTotals
	tracer *pool.Tracer  // a traced run's (Instrument); nil otherwise
	heap   *pool.Tenants // calibrate's production-shaped heap (HeapShaped); nil otherwise
	dumps  bool

	latMu     sync.Mutex
	latencies []int64 // served requests' latencies in µs since the last sample

	budgetMu      sync.Mutex
	recentNew     []time.Duration
	recentRetries []time.Duration
}

// streams are the run's random sources, one per purpose as stallsim's (the sequences differ: Go's math/rand is
// not stallsim's xoshiro; the comparison is statistical), each behind a lock because goroutines share them.
type streams struct {
	mu                                   sync.Mutex
	arrivals, deadline, service, retries *rand.Rand
}

func newStreams(seed int64) *streams {
	return &streams{
		arrivals: rand.New(rand.NewSource(seed*7919 + 1)), deadline: rand.New(rand.NewSource(seed*7919 + 2)),
		service: rand.New(rand.NewSource(seed*7919 + 3)), retries: rand.New(rand.NewSource(seed*7919 + 4)),
	}
}

func (st *streams) draw(r *rand.Rand, f func(*rand.Rand) time.Duration) time.Duration {
	st.mu.Lock()
	defer st.mu.Unlock()
	return f(r)
}

func NewRun(s *Scenario) *Run {
	r := &Run{s: s, load: load{s.Workload}, pool: pool.NewPool(s.Pool.Capacity, time.Duration(s.Pool.DialNs), s.Variant), stream: newStreams(s.Seed), dumps: true}
	r.pool.RecordWalks(&r.walks)
	if s.Pool.SpreadNodes {
		r.pool.SpreadNodes()
	}
	return r
}

// Instruments are how a run observes itself, beyond the samples every run takes: the instruments of an
// experiment on the instrument (docs/twin.md).
type Instruments struct {
	SharedLockCounter bool // the gauge of goroutines in wl.mu.Lock() as one shared atomic (the twin before 2026-12-07)
	NoDumps           bool // no goroutine dumps at the census instants (each one stops the world)
	Trace             bool // stamp each hand-off (pool.Tracer); Tracer() gives the records
}

// Instrument sets the run's instruments; call it before Go.
func (r *Run) Instrument(in Instruments) {
	if in.SharedLockCounter {
		r.pool.SharedLockCounter()
	}
	r.dumps = !in.NoDumps
	if in.Trace {
		r.tracer = pool.NewTracer()
		r.pool.Trace(r.tracer)
	}
}

// HeapShaped makes each request allocate and keep alive 16 small objects of the list nodes' size class, in a live
// heap of about liveBytes: calibrate's production-shaped walk.
func (r *Run) HeapShaped(liveBytes int) { r.heap = pool.NewTenants(liveBytes) }

// Tracer is a traced run's tracer, or nil.
func (r *Run) Tracer() *pool.Tracer { return r.tracer }

func (r *Run) now() time.Duration { return time.Since(r.start) }

// Pool is the run's pool, for calibration's probes.
func (r *Run) Pool() *pool.ConnPool { return r.pool }

// Go runs the scenario to its horizon, calling sample every interval and dump at each census instant.
func (r *Run) Go(sample func(t time.Duration), dump func(t time.Duration)) {
	r.start = time.Now()
	if r.tracer != nil {
		r.tracer.Start(r.start)
	}
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	go r.pool.RunWorker(ctx, time.Duration(r.s.Pool.WorkerIntervalNs))
	go r.arrivals(ctx)
	done := make(chan struct{})
	go func() {
		for _, at := range r.s.CensusAtNs {
			time.Sleep(time.Duration(at) - r.now())
			if r.dumps {
				dump(time.Duration(at))
			}
		}
		close(done)
	}()
	horizon := time.Duration(r.s.HorizonNs)
	every := time.Duration(r.s.SampleNs)
	for next := every; next <= horizon; next += every {
		time.Sleep(next - r.now())
		sample(next)
	}
	<-done
}

// arrivals sends new requests as a Poisson stream at the load's rate (thinned from its maximum), each at its
// instant or, when the driver is late, at once.
func (r *Run) arrivals(ctx context.Context) {
	horizon := time.Duration(r.s.HorizonNs)
	max := r.load.maxRate(horizon)
	if max <= 0 {
		return
	}
	var t time.Duration
	for ctx.Err() == nil {
		t += r.stream.draw(r.stream.arrivals, func(g *rand.Rand) time.Duration { return time.Duration(g.ExpFloat64() / max * 1e9) })
		if t >= horizon {
			return
		}
		keep := r.stream.draw(r.stream.arrivals, func(g *rand.Rand) time.Duration { return time.Duration(g.Float64() * max * 1e6) })
		if float64(keep)/1e6 >= r.load.rate(t) {
			continue
		}
		if wait := t - r.now(); wait > 0 {
			time.Sleep(wait)
		}
		r.send(0)
	}
}

// send is a client sending a request (attempt 0) or a retry: its deadline starts now.
func (r *Run) send(attempt int) {
	if attempt == 0 {
		r.arrivedNew.Add(1)
		r.noteForBudget(&r.recentNew)
	} else {
		r.arrivedRetry.Add(1)
	}
	r.inFlight.Add(1)
	arrived := time.Now()
	deadline := arrived.Add(r.stream.draw(r.stream.deadline, r.load.deadline(r.now()).Sample))
	c := &client{run: r, attempt: attempt}
	if r.s.Workload.Retries.Max > attempt && r.s.Workload.Retries.on("deadline") {
		c.timer = time.AfterFunc(time.Until(deadline), c.deadlinePassed)
	}
	go r.streamExecute(c, arrived, deadline)
}

// streamExecute is the tablet's goroutine for one request: Get (under the pool timeout, if any), the query (a
// sleep: MySQL I/O), Recycle.
func (r *Run) streamExecute(c *client, arrived, deadline time.Time) {
	if r.heap != nil {
		r.heap.Allocate(16)
	}
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	waitCtx := ctx
	if r.tracer != nil {
		// The same deadline as the two contexts below give Get, from one traced context whose timer says when it ran.
		d := deadline
		if r.s.Pool.TimeoutNs > 0 && time.Now().Add(time.Duration(r.s.Pool.TimeoutNs)).Before(d) {
			d = time.Now().Add(time.Duration(r.s.Pool.TimeoutNs))
		}
		var cancelWait context.CancelFunc
		waitCtx, cancelWait = r.tracer.WithDeadline(ctx, d)
		defer cancelWait()
	} else if r.s.Pool.TimeoutNs > 0 {
		var cancelWait context.CancelFunc
		waitCtx, cancelWait = context.WithTimeout(ctx, time.Duration(r.s.Pool.TimeoutNs))
		defer cancelWait()
	}
	conn, err := r.pool.Get(waitCtx)
	if err != nil {
		r.finish(c, poolTimeout, arrived)
		return
	}
	if ctx.Err() != nil {
		failOnDeadContext(time.Duration(r.s.DeadRequest))
		r.finish(c, deadOnArrival, arrived)
		r.pool.Recycle(conn)
		return
	}
	service := time.Duration(float64(r.stream.draw(r.stream.service, r.load.service(r.now()).Sample)) * r.load.serviceFactor(r.now()))
	remaining := time.Until(deadline)
	inTime := service < remaining
	if inTime || !r.s.Workload.CutQueryAtDeadline {
		query(service)
		r.throughput.Add(1)
	} else {
		query(remaining)
	}
	if inTime {
		r.finish(c, served, arrived)
	} else {
		r.finish(c, queryDeadline, arrived)
	}
	r.pool.Recycle(conn)
}

// query stands for a streaming query on MySQL: the goroutine is blocked in I/O (here, a sleep).
func query(d time.Duration) { time.Sleep(d) }

// failOnDeadContext is the request that Get served after its deadline: it fails on its context. The twin
// spends no time here unless the scenario says so (dead_request), so that the model's cost can be measured.
func failOnDeadContext(d time.Duration) {
	if d > 0 {
		for end := time.Now().Add(d); time.Now().Before(end); {
		}
	}
}

func (r *Run) finish(c *client, outcome int, arrived time.Time) {
	r.finished[outcome].Add(1)
	r.inFlight.Add(-1)
	if outcome == served {
		r.latMu.Lock()
		r.latencies = append(r.latencies, int64(time.Since(arrived)/time.Microsecond))
		r.latMu.Unlock()
	}
	c.answered(outcome)
}
