package pool

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

// Setting is a connection setting; the twin's Gets never ask for one (nil), as the stream pool's.
type Setting struct{ bucket uint32 }

// Pooled is a pooled connection. The twin's connections are tokens: a query on one is a sleep.
type Pooled struct {
	ID      int64
	Setting *Setting
}

// The pool's sentinel errors (pool.go).
var (
	ErrTimeout              = errors.New("connection pool timed out")
	ErrCtxTimeout           = errors.New("connection pool context already expired")
	ErrConnPoolClosed       = errors.New("connection pool is closed")
	ErrPoolWaiterCapReached = errors.New("connection pool waiter cap reached")
)

// Metrics are the pool's counters, read by the driver's sampler.
type Metrics struct {
	Acquisitions      atomic.Int64
	WaitCount         atomic.Int64
	WaitTimeNanos     atomic.Int64
	ExpiredHandoffs   atomic.Int64
	ResourceExhausted atomic.Int64
	Dialing           atomic.Int64
}

// ConnPool is smartconnpool's ConnPool for plain Gets: the clean idle stack, getNew's synchronous dial, the
// waitlist, and the worker that rescues waiters a lost wake-up stranded.
type ConnPool struct {
	capacity int64
	dial     time.Duration

	active   atomic.Int64
	borrowed atomic.Int64
	nextID   atomic.Int64

	// The clean stack. smartconnpool's is lock-free (a CAS on its head); a mutex of its own, never wl.mu,
	// keeps the twin short. It is held for a push or a pop only.
	stackMu sync.Mutex
	clean   []*Pooled

	wait    *waitlist
	Metrics Metrics
}

// NewPool makes a pool; Start runs its worker.
func NewPool(capacity int, dial time.Duration, v Variant) *ConnPool {
	return &ConnPool{capacity: int64(capacity), dial: dial, wait: newWaitlist(v)}
}

// SharedLockCounter makes the gauge of goroutines in wl.mu.Lock() one shared atomic counter, as the twin had it
// before 2026-12-07, instead of one per P: to measure what that counter's cache line did to the convoy.
func (p *ConnPool) SharedLockCounter() { p.wait.lockWaiters = NewLockGauge(true) }

// Trace makes the waitlist stamp each hand-off on the records of contexts made by t.WithDeadline.
func (p *ConnPool) Trace(t *Tracer) { p.wait.tracer = t }

// SpreadNodes lays each waiter's list node on a page of its own, before the pool is used (see spreadNodes).
func (p *ConnPool) SpreadNodes() { p.wait.spreadNodes() }

// Get (ctx, nil): refuse an expired context, then get.
func (p *ConnPool) Get(ctx context.Context) (*Pooled, error) {
	if ctx.Err() != nil {
		return nil, ErrCtxTimeout
	}
	return p.get(ctx)
}

func (p *ConnPool) get(ctx context.Context) (*Pooled, error) {
	if conn := p.pop(); conn != nil {
		p.borrow()
		return conn, nil
	}
	if conn := p.getNew(); conn != nil {
		p.borrow()
		return conn, nil
	}
	start := time.Now()
	conn, err := p.wait.waitForConn(ctx, nil, nil)
	if err == ErrPoolWaiterCapReached {
		p.Metrics.ResourceExhausted.Add(1)
		return nil, err
	}
	if err != nil || conn == nil {
		p.Metrics.ResourceExhausted.Add(1)
		return nil, ErrTimeout
	}
	p.Metrics.WaitCount.Add(1)
	p.Metrics.WaitTimeNanos.Add(int64(time.Since(start)))
	if ctx.Err() != nil {
		p.Metrics.ExpiredHandoffs.Add(1)
		p.wait.expiredHandoff(ctx)
	}
	p.borrow()
	return conn, nil
}

func (p *ConnPool) borrow() {
	p.borrowed.Add(1)
	p.Metrics.Acquisitions.Add(1)
}

// getNew takes a slot while fewer than capacity are open, and dials in the caller's goroutine.
func (p *ConnPool) getNew() *Pooled {
	for {
		open := p.active.Load()
		if open >= p.capacity {
			return nil
		}
		if p.active.CompareAndSwap(open, open+1) {
			break
		}
	}
	p.Metrics.Dialing.Add(1)
	dialMySQL(p.dial)
	p.Metrics.Dialing.Add(-1)
	return &Pooled{ID: p.nextID.Add(1)}
}

// dialMySQL stands for a MySQL connect: a sleep of the scenario's dial time.
func dialMySQL(d time.Duration) {
	if d > 0 {
		time.Sleep(d)
	}
}

// Recycle (a healthy connection): put it back.
func (p *ConnPool) Recycle(conn *Pooled) { p.put(conn) }

// put: borrowed-- first, then the waitlist hand-off or the idle stack.
func (p *ConnPool) put(conn *Pooled) {
	p.borrowed.Add(-1)
	if !p.wait.tryReturnConn(conn) {
		p.push(conn)
	}
}

func (p *ConnPool) pop() *Pooled {
	p.stackMu.Lock()
	defer p.stackMu.Unlock()
	if n := len(p.clean); n > 0 {
		conn := p.clean[n-1]
		p.clean = p.clean[:n-1]
		return conn
	}
	return nil
}

func (p *ConnPool) push(conn *Pooled) {
	p.stackMu.Lock()
	p.clean = append(p.clean, conn)
	p.stackMu.Unlock()
}

// tryReturnAnyConn pops an idle connection and offers it to the waitlist.
func (p *ConnPool) tryReturnAnyConn() bool {
	conn := p.pop()
	if conn == nil {
		return false
	}
	if p.wait.tryReturnConn(conn) {
		return true
	}
	p.push(conn)
	return false
}

// RunWorker is runWorker: every interval, rescue up to maybeStarvingCount waiters, stopping at the first
// failure. It returns when ctx ends.
func (p *ConnPool) RunWorker(ctx context.Context, interval time.Duration) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		for n := p.wait.maybeStarvingCount(); n > 0; n-- {
			if !p.tryReturnAnyConn() {
				break
			}
		}
	}
}

// WalkTotals are what the release-23 self-removal walks cost during a run: the elements visited and the time
// the walks held wl.mu. The twin records them, so that a run says what a walk cost per element while it ran.
type WalkTotals struct {
	Elements, Nanos atomic.Int64
}

// RecordWalks makes every self-removal walk add to t (a few nanoseconds more per walk, for two clock reads).
func (p *ConnPool) RecordWalks(t *WalkTotals) {
	p.ProbeWalks(func(length, visited int, held time.Duration) {
		t.Elements.Add(int64(visited))
		t.Nanos.Add(held.Nanoseconds())
	})
}

// ProbeWalks calls probe after each self-removal walk with the list's length, the elements visited and the
// time the walk held wl.mu.
func (p *ConnPool) ProbeWalks(probe func(length, visited int, held time.Duration)) {
	p.wait.scanProbe = probe
}

// Gauges is what a dashboard reads of the pool at one instant.
type Gauges struct {
	InUse, Active, Idle, Dialing, Waiters, MutexWaiters int64
	Starving                                            bool
	Evictions                                           int64
}

// Read takes the gauges (without wl.mu: each is an atomic or a short lock of its own).
func (p *ConnPool) Read() Gauges {
	p.stackMu.Lock()
	idle := int64(len(p.clean))
	p.stackMu.Unlock()
	return Gauges{
		InUse: p.borrowed.Load(), Active: p.active.Load(), Idle: idle, Dialing: p.Metrics.Dialing.Load(),
		Waiters: int64(p.wait.list.Len()), MutexWaiters: p.wait.lockWaiters.Load(), Starving: p.wait.starving(),
		Evictions: p.wait.evictions.Load(),
	}
}
