package pool

import "unsafe"

// spreadNode is a list node on a page of its own: the node, then the rest of a 4 KiB page that nothing uses.
type spreadNode struct {
	Element[waiter]
	_ [4096 - unsafe.Sizeof(Element[waiter]{})]byte
}

// spreadNodes makes every node the waitlist allocates from now on a spreadNode (stallsim twin --cold-walk). A
// production tablet's nodes lie among megabytes of query buffers and connection state; the twin's lie packed
// together, so that its walk, by then a walk over a megabyte or two of nodes, runs from the caches (10 ns an
// element on this project's machine). On pages of their own, a walk over more nodes than the caches hold
// misses them at each element, as the walk of a long list in a big heap does: no cost is added, the memory is
// laid out so that the hardware charges one.
func (wl *waitlist) spreadNodes() {
	capacity := 0 // as newWaitlist: unbuffered in release-23, room for one in #20308
	if wl.variant.BufferedHandoff {
		capacity = 1
	}
	wl.nodes.New = func() any {
		n := &spreadNode{Element: Element[waiter]{Value: waiter{conn: make(chan *Pooled, capacity)}}}
		return &n.Element
	}
}
