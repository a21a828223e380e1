// The waitlist of smartconnpool, release-23.0, with the switches of the fix (#20308) and of later main's
// waiter cap. Written from stallsim's docs/model.md, not copied from Vitess; the statements at which a
// goroutine blocks stand on the same line numbers as in release-23.0's waitlist.go, so that a goroutine dump
// of this twin reads with the same line map as the production dump of vitessio/vitess#20310: :55 the lock to
// join, :60 the select, :89 the lock to remove oneself, :106 the fallback receive, :118 the worker's lock,
// :149 the returner's lock, :179 the hand-off send, :181 runtime.Gosched().
// waitlist_lines_test.go checks that they do.
package pool

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

type waiter struct {
	setting *Setting        // nil throughout: the stream pool's plain Gets
	conn    chan *Pooled    // unbuffered in release-23; room for one in #20308
	ctx     context.Context // stored always; only a returner with the expiry check reads it
	age     uint32
}

type waitlist struct {
	nodes       sync.Pool
	mu          sync.Mutex
	list        List[waiter]
	variant     Variant
	tracer      *Tracer    // a traced run's: the instants of each hand-off (trace.go); nil otherwise
	lockWaiters *LockGauge // goroutines in wl.mu.Lock(): the twin's gauge of the convoy (gauge.go)
	evictions   atomic.Int64
	scanProbe   func(length, visited int, held time.Duration) // calibration and the twin's own record: each walk
}

func newWaitlist(v Variant) *waitlist {
	wl := &waitlist{variant: v, lockWaiters: NewLockGauge(false)}
	capacity := 0
	if v.BufferedHandoff {
		capacity = 1
	}
	wl.nodes.New = func() any { return &Element[waiter]{Value: waiter{conn: make(chan *Pooled, capacity)}} }
	return wl
}

func (wl *waitlist) waitForConn(ctx context.Context, setting *Setting, closeChan <-chan struct{}) (*Pooled, error) {
	elem := wl.nodes.Get().(*Element[waiter])
	defer wl.nodes.Put(elem)
	elem.Value = waiter{setting: setting, conn: elem.Value.conn, ctx: ctx}
	if wl.variant.MaxWaiters > 0 && wl.list.Len() >= wl.variant.MaxWaiters {
		return nil, ErrPoolWaiterCapReached // later main: the lock-free pre-check
	}
	wl.lockWaiters.Add(1)
	wl.mu.Lock()
	wl.lockWaiters.Add(-1)
	wl.list.PushBackValue(elem)
	wl.mu.Unlock()

	select {
	case conn := <-elem.Value.conn:
		return wl.waitResult(ctx, conn, false)
	case <-closeChan:
		wl.lockWaiters.Add(1)
		wl.mu.Lock()
		wl.lockWaiters.Add(-1)
		removed := wl.removeSelf(elem)
		wl.mu.Unlock()
		if removed {
			return nil, ErrConnPoolClosed
		}
		// The pool is closing, and a returner removed this waiter first and is sending: the same fallback as
		// below. The twin never closes a pool during a run; the case is here so that the lines of the cases
		// after it fall where release-23.0's do (its lock at :65, its fallback receive at :82).
		//
		//
		//
		//
		//
		//
		//
		conn := <-elem.Value.conn
		return wl.waitResult(ctx, conn, true)

	case <-ctx.Done():
		wl.stamp(ctx, doneRan) // the deadline passed while waiting: take the lock again (the convoy of
		// #20310 is here) and remove this waiter from the list.
		wl.lockWaiters.Add(1)
		wl.mu.Lock()
		wl.lockWaiters.Add(-1)
		removed := wl.removeSelf(elem)
		wl.mu.Unlock()
		if removed {
			return nil, ctx.Err()
		}
		// Not found: a returner has already removed this waiter and is sending (or is blocked sending) it
		// a connection. Release-23 receives it and returns it with a nil error, although the context is dead:
		// the request "succeeds", fails at once on its context, and recycles the connection, to the next
		// waiter at the front, usually as dead as this one. #20308 receives what is normally already in the
		// buffer: the connection, or the nil of an eviction, which waitResult turns into the context's error.
		//
		//
		//
		//
		//
		conn := <-elem.Value.conn
		return wl.waitResult(ctx, conn, true)
	}
}

// maybeStarvingCount: the pool's worker counts the waiters a lost wake-up may have stranded, walking the
// whole list under the lock (release-23 counts all of them; with the expiry check, only the live ones).
func (wl *waitlist) maybeStarvingCount() int {
	if wl.list.Len() == 0 {
		return 0
	}
	wl.lockWaiters.Add(1)
	wl.mu.Lock()
	wl.lockWaiters.Add(-1)
	var count int
	for e := wl.list.Front(); e != nil; e = e.Next() {
		if e.Value.age == 0 && (wl.variant.ExpiryCheck == ExpiryNone || e.Value.ctx.Err() == nil) {
			count++
		}
	}
	wl.mu.Unlock()
	return count
}

// tryReturnConn hands conn to a waiter; false when there is none (the caller then keeps it idle).
func (wl *waitlist) tryReturnConn(conn *Pooled) bool {
	if wl.list.Len() == 0 {
		return false // the lock-free fast path on the atomic length
	}
	return wl.tryReturnConnSlow(conn)
}

// tryReturnConnSlow picks a target under the lock, then hands the connection over. Release-23 takes the
// first waiter whose Setting matches (nil matches nil: the front waiter) without looking at its context;
// with the expiry check, expired waiters are skipped (and, with eviction, unlinked and sent nil).
func (wl *waitlist) tryReturnConnSlow(conn *Pooled) bool {
	const maxAge = 8
	var target *Element[waiter]
	connSetting := conn.Setting
	// The walk from the front, with the lock held: O(1) for plain Gets, O(expired prefix) with the check.
	//
	//
	wl.lockWaiters.Add(1)
	wl.mu.Lock()
	wl.lockWaiters.Add(-1)
	for e := wl.list.Front(); e != nil; {
		next := e.Next()
		if wl.variant.ExpiryCheck != ExpiryNone && e.Value.ctx.Err() != nil {
			if wl.variant.ExpiryCheck == ExpiryEvict {
				wl.evict(e)
			}
			e = next
			continue
		}
		if target == nil {
			target = e // the fallback: the first (live) waiter
		}
		if e.Value.age > maxAge || e.Value.setting == connSetting {
			target = e
			break
		}
		e.Value.age++
		e = next
	}
	if target != nil {
		wl.list.Remove(target)
		wl.stampChecked(target.Value.ctx)
	}
	wl.mu.Unlock()
	if target == nil {
		return false
	}
	wl.stamp(target.Value.ctx, sent)
	target.Value.conn <- conn // release-23: blocks until the target receives; #20308: lands in its buffer
	// Yield, so that the receiver, just made runnable in this P's runnext, runs now.
	runtime.Gosched()
	return true
}

// evict is #20308's eviction of an expired waiter, under the lock: unlink it and send it nil.
func (wl *waitlist) evict(e *Element[waiter]) {
	wl.list.Remove(e)
	e.Value.conn <- nil // the buffer is empty, so this never blocks under the lock
	wl.evictions.Add(1)
}

// removeSelf is the self-removal of a waiter whose wait ended: release-23 walks the list from the front to
// its own element (O(position); the whole list when a returner already removed it); #20308 asks the element.
func (wl *waitlist) removeSelf(elem *Element[waiter]) bool {
	if wl.variant.SelfRemovalO1 {
		return wl.list.RemoveIfPresent(elem)
	}
	if wl.scanProbe != nil {
		return wl.removeSelfProbed(elem)
	}
	for e := wl.list.Front(); e != nil; e = e.Next() {
		if e == elem {
			wl.list.Remove(elem)
			return true
		}
	}
	return false
}

// removeSelfProbed is removeSelf timed, for calibration: the same walk, and how long it held the lock for how
// many elements.
func (wl *waitlist) removeSelfProbed(elem *Element[waiter]) bool {
	start := time.Now()
	length := wl.list.Len()
	visited := 0
	found := false
	for e := wl.list.Front(); e != nil; e = e.Next() {
		visited++
		if e == elem {
			wl.list.Remove(elem)
			found = true
			break
		}
	}
	wl.scanProbe(length, visited, time.Since(start))
	return found
}

// waitResult: #20308 turns the nil of an eviction into the context's error. Release-23 returns what it
// received with a nil error; it never receives nil, so the two agree there.
func (wl *waitlist) waitResult(ctx context.Context, conn *Pooled, fallback bool) (*Pooled, error) {
	if conn != nil {
		wl.ranWith(ctx, fallback)
	}
	if conn == nil {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return nil, ErrTimeout
	}
	return conn, nil
}

// starving: whether wl.mu is in starvation mode. The twin reads it to sample the mode as stallsim does.
func (wl *waitlist) starving() bool { return MutexStarving(&wl.mu) }

// MutexStarving reads a sync.Mutex's state word: bit 2 (mutexStarving) is set in starvation mode. The layout is
// that of src/sync/mutex.go (state int32, sema uint32).
func MutexStarving(mu *sync.Mutex) bool {
	return atomic.LoadInt32((*int32)(unsafe.Pointer(mu)))&4 != 0
}
