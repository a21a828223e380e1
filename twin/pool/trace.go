package pool

import (
	"context"
	"fmt"
	"io"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// A Tracer follows each hand-off through the waitlist, to tell why a waiter got a connection after its deadline
// (an expired hand-off). Only a traced run has one: the driver then makes each request's pool context with
// Tracer.WithDeadline, which records the instant its deadline timer ran, and the waitlist stamps the instants of
// a hand-off on the record that context carries. The stamps are clock reads and plain stores to the record of
// the one waiter concerned (no shared counter), and only an expired hand-off takes the tracer's lock.
type Tracer struct {
	start time.Time

	mu      sync.Mutex
	expired []Handoff

	// Every hand-off that reached a running waiter: the sender's P, the waiter's P, and the send to the run.
	handoffs []handoffRun

	// Lateness of the deadline timers (the instant cancel ran less the deadline), by second of the run.
	lateMu sync.Mutex
	late   map[int][]int64
}

// NewTracer makes a tracer; Start gives it the run's start, from which it measures instants.
func NewTracer() *Tracer { return &Tracer{late: map[int][]int64{}} }

// Start sets the instant from which the tracer measures.
func (t *Tracer) Start(at time.Time) { t.start = at }

// Handoff is what a traced context records of its waiter, in nanoseconds since the run's start (0: never).
type Handoff struct {
	Deadline  int64
	Cancelled int64 // the deadline timer's function ran cancel (context.WithDeadline's AfterFunc)
	Checked   int64 // the returner chose this waiter, under wl.mu (with the expiry check: having seen ctx.Err() == nil)
	Sent      int64 // the returner, wl.mu released, is about to send
	DoneRan   int64 // the waiter ran in select's ctx.Done() case
	Ran       int64 // the waiter ran with the connection (out of select, or out of the fallback receive)
	Fallback  bool  // the connection came through the fallback receive after ctx.Done() won the select
	Returned  int64 // Get's check of ctx.Err() after waitForConn returned
	TimerP    int   // the P whose timer heap holds the deadline's timer (the P that armed it)
	CheckP    int   // the P the returner ran on when it chose this waiter
}

type tracedCtx struct {
	context.Context
	deadline time.Time
	rec      Handoff
}

func (c *tracedCtx) Deadline() (time.Time, bool) { return c.deadline, true }

func (t *Tracer) now() int64 { return int64(time.Since(t.start)) }

type handoffRun struct {
	sentToRan      int64
	sendP, ranP    int
	deadlinePassed bool // the deadline had passed when the waiter ran
}

// WithDeadline is context.WithDeadline as Go 1.19 builds it (src/context/context.go: a cancelCtx, and
// time.AfterFunc(dur, func() { c.cancel(true, DeadlineExceeded) })), with the instant the timer's function ran
// recorded before it cancels.
func (t *Tracer) WithDeadline(parent context.Context, d time.Time) (context.Context, context.CancelFunc) {
	inner, cancel := context.WithCancel(parent)
	c := &tracedCtx{Context: inner, deadline: d}
	c.rec.Deadline = int64(d.Sub(t.start))
	c.rec.TimerP = procPin() // addtimer puts the timer on the current P's heap
	procUnpin()
	timer := time.AfterFunc(time.Until(d), func() {
		at := t.now()
		atomic.StoreInt64(&c.rec.Cancelled, at)
		cancel()
		t.lateMu.Lock()
		sec := int(at / int64(time.Second))
		t.late[sec] = append(t.late[sec], at-c.rec.Deadline)
		t.lateMu.Unlock()
	})
	return c, func() { timer.Stop(); cancel() }
}

func recordOf(ctx context.Context) *Handoff {
	if c, ok := ctx.(*tracedCtx); ok {
		return &c.rec
	}
	return nil
}

func (wl *waitlist) stamp(ctx context.Context, field func(*Handoff) *int64) {
	if wl.tracer == nil {
		return
	}
	if rec := recordOf(ctx); rec != nil {
		atomic.StoreInt64(field(rec), wl.tracer.now())
	}
}

// stampChecked stamps the returner's choice of this waiter, and the P it ran on.
func (wl *waitlist) stampChecked(ctx context.Context) {
	wl.stamp(ctx, checked)
	if rec := recordOf(ctx); rec != nil && wl.tracer != nil {
		rec.CheckP = procPin()
		procUnpin()
	}
}

func checked(h *Handoff) *int64  { return &h.Checked }
func sent(h *Handoff) *int64     { return &h.Sent }
func doneRan(h *Handoff) *int64  { return &h.DoneRan }
func ran(h *Handoff) *int64      { return &h.Ran }
func returned(h *Handoff) *int64 { return &h.Returned }

// ranWith stamps the waiter's run with the connection; fallback says it came through the fallback receive.
func (wl *waitlist) ranWith(ctx context.Context, fallback bool) {
	wl.stamp(ctx, ran)
	if rec := recordOf(ctx); rec != nil && wl.tracer != nil {
		rec.Fallback = fallback
		p := procPin()
		procUnpin()
		if rec.Sent != 0 {
			wl.tracer.mu.Lock()
			wl.tracer.handoffs = append(wl.tracer.handoffs, handoffRun{rec.Ran - rec.Sent, rec.CheckP, p, rec.Ran >= rec.Deadline})
			wl.tracer.mu.Unlock()
		}
	}
}

// WriteHandoffs writes every traced hand-off that reached a running waiter: the send to the waiter running, in
// nanoseconds, whether the waiter ran on the sender's P, and whether its deadline had passed by then.
func (t *Tracer) WriteHandoffs(w io.Writer) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return writeCSV(w, "sent_to_ran_ns,same_p,deadline_passed", len(t.handoffs), func(i int) string {
		h := t.handoffs[i]
		return fmt.Sprintf("%d,%t,%t", h.sentToRan, h.sendP == h.ranP, h.deadlinePassed)
	})
}

// expiredHandoff keeps the record of a waiter that got a connection with its context already cancelled.
func (wl *waitlist) expiredHandoff(ctx context.Context) {
	if wl.tracer == nil {
		return
	}
	rec := recordOf(ctx)
	if rec == nil {
		return
	}
	rec.Returned = wl.tracer.now()
	wl.tracer.mu.Lock()
	wl.tracer.expired = append(wl.tracer.expired, *rec)
	wl.tracer.mu.Unlock()
}

// Cause classifies an expired hand-off by the first of its instants that fell after the deadline.
func (h Handoff) Cause() string {
	switch {
	case h.Fallback:
		return "done-won-fallback-got-conn" // cancel woke the waiter first; the returner's send landed after
	case h.Checked == 0:
		return "untraced-returner"
	case h.Checked >= h.Deadline:
		return "checked-after-deadline" // the returner saw a live context past its deadline: cancel had not run
	case h.Sent >= h.Deadline:
		return "deadline-between-check-and-send" // the returner, between its check and its send, was held up
	case h.Ran >= h.Deadline:
		return "woke-after-deadline" // sent in time; the waiter ran after its deadline
	default:
		return "returned-after-deadline" // the waiter ran in time; the deadline passed before Get's check
	}
}

// WriteExpired writes one row per expired hand-off.
func (t *Tracer) WriteExpired(w io.Writer) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return writeCSV(w, "deadline_ns,cancelled_ns,checked_ns,sent_ns,done_ran_ns,ran_ns,returned_ns,fallback,timer_p,check_p,cause",
		len(t.expired), func(i int) string {
			h := t.expired[i]
			return fmt.Sprintf("%d,%d,%d,%d,%d,%d,%d,%t,%d,%d,%s", h.Deadline, h.Cancelled, h.Checked, h.Sent, h.DoneRan, h.Ran,
				h.Returned, h.Fallback, h.TimerP, h.CheckP, h.Cause())
		})
}

// writeCSV writes a header, then n rows.
func writeCSV(w io.Writer, header string, n int, row func(i int) string) error {
	if _, err := fmt.Fprintln(w, header); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		if _, err := fmt.Fprintln(w, row(i)); err != nil {
			return err
		}
	}
	return nil
}

// WriteLateness writes, per second of the run, how late the deadline timers ran cancel: count, median, p90,
// p99 and maximum, in microseconds.
func (t *Tracer) WriteLateness(w io.Writer) error {
	t.lateMu.Lock()
	defer t.lateMu.Unlock()
	secs := make([]int, 0, len(t.late))
	for s := range t.late {
		secs = append(secs, s)
	}
	sort.Ints(secs)
	return writeCSV(w, "second,timers,p50_us,p90_us,p99_us,max_us", len(secs), func(i int) string {
		l := t.late[secs[i]]
		sort.Slice(l, func(i, j int) bool { return l[i] < l[j] })
		q := func(p int) float64 { return float64(l[(len(l)-1)*p/100]) / 1000 }
		return fmt.Sprintf("%d,%d,%.1f,%.1f,%.1f,%.1f", secs[i], len(l), q(50), q(90), q(99), q(100))
	})
}
