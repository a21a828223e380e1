package pool

import (
	"sort"
	"testing"
	"unsafe"
)

// stallsim twin --cold-walk rests on one property: spread nodes never share a 4 KiB page, so a walk over more of
// them than the caches hold misses at each element. Packed nodes (the default) do share pages.
func TestSpreadNodesLieOnePerPage(t *testing.T) {
	for _, spread := range []bool{false, true} {
		wl := newWaitlist(Buggy)
		if spread {
			wl.spreadNodes()
		}
		nodes := make([]*Element[waiter], 256) // kept alive, so that no address is reused
		addrs := make([]uintptr, len(nodes))
		for i := range nodes {
			nodes[i] = wl.nodes.Get().(*Element[waiter])
			addrs[i] = uintptr(unsafe.Pointer(nodes[i]))
		}
		sort.Slice(addrs, func(i, j int) bool { return addrs[i] < addrs[j] })
		closest := ^uintptr(0)
		for i := 1; i < len(addrs); i++ {
			if d := addrs[i] - addrs[i-1]; d < closest {
				closest = d
			}
		}
		if spread && closest < 4096 {
			t.Errorf("spread nodes %d bytes apart: two share a page", closest)
		}
		if !spread && closest >= 4096 {
			t.Errorf("packed nodes at least %d bytes apart: the default layout is not packed", closest)
		}
		if nodes[0].Value.conn == nil {
			t.Error("a node without its hand-off channel")
		}
	}
}
