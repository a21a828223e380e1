package driver

import (
	"math/rand"
	"sync"
	"time"
)

// client is the sender of one request: it stops waiting at the deadline, and retries after a backoff the
// failures it retries on, within its budget.
type client struct {
	run     *Run
	attempt int
	mu      sync.Mutex
	done    bool
	timer   *time.Timer
}

func (c *client) answer() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done {
		return false
	}
	c.done = true
	if c.timer != nil {
		c.timer.Stop()
	}
	return true
}

func (c *client) deadlinePassed() {
	if c.answer() {
		c.run.maybeRetry(c.attempt, "deadline")
	}
}

func (c *client) answered(outcome int) {
	if !c.answer() {
		return
	}
	switch outcome {
	case served:
	case poolTimeout:
		c.run.maybeRetry(c.attempt, "pool_timeout")
	default:
		c.run.maybeRetry(c.attempt, "deadline")
	}
}

func (r *Run) maybeRetry(attempt int, reason string) {
	retries := r.s.Workload.Retries
	if attempt >= retries.Max || !retries.on(reason) {
		return
	}
	if !r.budgetAllows() {
		r.retriesDenied.Add(1)
		return
	}
	b := retries.Backoff
	wait := float64(b.InitialNs)
	for i := 0; i < attempt; i++ {
		wait *= b.Multiplier
	}
	if b.MaxNs > 0 && wait > float64(b.MaxNs) {
		wait = float64(b.MaxNs)
	}
	if b.Jitter > 0 {
		u := r.stream.draw(r.stream.retries, func(g *rand.Rand) time.Duration { return time.Duration(g.Float64() * 1e9) })
		wait *= 1 - b.Jitter + 2*b.Jitter*float64(u)/1e9
	}
	time.AfterFunc(time.Duration(wait), func() { r.send(attempt + 1) })
}

const budgetWindow = 10 * time.Second

func (r *Run) noteForBudget(q *[]time.Duration) {
	if r.s.Workload.Retries.Budget == nil {
		return
	}
	r.budgetMu.Lock()
	*q = append(*q, r.now())
	r.budgetMu.Unlock()
}

func (r *Run) budgetAllows() bool {
	budget := r.s.Workload.Retries.Budget
	if budget == nil {
		return true
	}
	r.budgetMu.Lock()
	defer r.budgetMu.Unlock()
	since := r.now() - budgetWindow
	trim := func(q []time.Duration) []time.Duration {
		for len(q) > 0 && q[0] <= since {
			q = q[1:]
		}
		return q
	}
	r.recentNew = trim(r.recentNew)
	r.recentRetries = trim(r.recentRetries)
	allowed := budget.Ratio*float64(len(r.recentNew)) + budget.MinPerS*budgetWindow.Seconds()
	if float64(len(r.recentRetries)+1) > allowed {
		return false
	}
	r.recentRetries = append(r.recentRetries, r.now())
	return true
}
