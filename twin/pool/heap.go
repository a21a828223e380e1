package pool

import (
	"sync/atomic"
	"unsafe"
)

// NodeSize is the bytes of one waitlist node (go/list's Element with the waiter): its allocation size class is
// the one a production heap's other small objects share with it.
const NodeSize = unsafe.Sizeof(Element[waiter]{})

// tenant is a small object with pointers of a node's size, so that it is allocated from the same spans as the
// waitlist's nodes (Go keeps one span class per size class and pointer-ness).
type tenant [NodeSize / unsafe.Sizeof(uintptr(0))]unsafe.Pointer

// Tenants is a production-shaped heap for calibrate: each request allocates its share of small objects of the
// nodes' size class and keeps them alive for a while (a ring that the newest overwrite), as a busy tablet's
// requests keep their contexts, sudogs, timers and row buffers. Nodes that the waitlist's sync.Pool allocates after
// each GC then lie among them: neither packed together nor one to a page, in a live heap of the ring's size.
type Tenants struct {
	ring []*tenant
	next atomic.Uint64
}

// NewTenants keeps about liveBytes of tenants alive.
func NewTenants(liveBytes int) *Tenants {
	return &Tenants{ring: make([]*tenant, liveBytes/int(NodeSize))}
}

// Allocate is one request's share: k tenants, each replacing the oldest in the ring.
func (t *Tenants) Allocate(k int) {
	for i := 0; i < k; i++ {
		slot := t.next.Add(1) % uint64(len(t.ring))
		t.ring[slot] = &tenant{}
	}
}
