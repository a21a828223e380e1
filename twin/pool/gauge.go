package pool

import (
	"runtime"
	"sync/atomic"
	_ "unsafe" // go:linkname
)

// procPin and procUnpin are the runtime's (src/runtime/proc.go, procPin/procUnpin), the pair sync.Pool uses to
// index its per-P shards: they pin the goroutine to its P and return the P's id. Pulled with go:linkname, as
// Go 1.19 allows (gauge.s lets the compiler accept a body-less declaration).
//
//go:linkname procPin runtime.procPin
func procPin() int

//go:linkname procUnpin runtime.procUnpin
func procUnpin()

// shard is one P's count, alone on its cache line (64 bytes on amd64), so that goroutines on different Ps never
// write the same line.
type shard struct {
	n atomic.Int64
	_ [56]byte
}

// LockGauge counts the goroutines inside wl.mu.Lock(): each adds one before Lock and takes it away after. A
// shared counter puts one contended cache line on the convoy's hot path, right where arrivals at Lock bunch;
// the sharded one (the default) writes only its own P's line, and a reader sums the lines. Shared is kept
// behind a switch, to measure what it bent (docs/twin.md).
type LockGauge struct {
	shared atomic.Int64
	shards []shard // nil: shared
}

// NewLockGauge is sharded by P, or one shared counter.
func NewLockGauge(sharedCounter bool) *LockGauge {
	if sharedCounter {
		return &LockGauge{}
	}
	// The shards are indexed by P id, which is below GOMAXPROCS; GOMAXPROCS does not change during a run.
	return &LockGauge{shards: make([]shard, runtime.GOMAXPROCS(0))}
}

// Add adds d to the calling goroutine's P's shard (or to the shared counter).
func (g *LockGauge) Add(d int64) {
	if g.shards == nil {
		g.shared.Add(d)
		return
	}
	p := procPin()
	g.shards[p].n.Add(d)
	procUnpin()
}

// Load sums the shards: a goroutine that added on one P and took away on another leaves a positive and a
// negative shard, which sum to zero.
func (g *LockGauge) Load() int64 {
	if g.shards == nil {
		return g.shared.Load()
	}
	var sum int64
	for i := range g.shards {
		sum += g.shards[i].n.Load()
	}
	return sum
}
