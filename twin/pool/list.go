package pool

import "sync/atomic"

// List is a doubly linked list of waiters, as vitess's go/list (a generic copy of container/list) with the
// addition the fix (#20308) brought: RemoveIfPresent, an O(1) membership test. Its length is an atomic, so
// tryReturnConn's fast path can read it without the waitlist's mutex.
type List[T any] struct {
	root Element[T]
	len  atomic.Int64
}

// Element is one waiter's node. list is the list it is in, or nil.
type Element[T any] struct {
	next, prev *Element[T]
	list       *List[T]
	Value      T
}

// Next returns the element after e, or nil.
func (e *Element[T]) Next() *Element[T] {
	if p := e.next; e.list != nil && p != &e.list.root {
		return p
	}
	return nil
}

func (l *List[T]) lazyInit() {
	if l.root.next == nil {
		l.root.next = &l.root
		l.root.prev = &l.root
	}
}

// Len is the number of elements, read without any lock.
func (l *List[T]) Len() int { return int(l.len.Load()) }

// Front returns the first element, or nil.
func (l *List[T]) Front() *Element[T] {
	if l.len.Load() == 0 {
		return nil
	}
	return l.root.next
}

// PushBackValue links e (a node from the waitlist's sync.Pool) at the back.
func (l *List[T]) PushBackValue(e *Element[T]) {
	l.lazyInit()
	at := l.root.prev
	e.prev = at
	e.next = at.next
	e.prev.next = e
	e.next.prev = e
	e.list = l
	l.len.Add(1)
}

// Remove unlinks e, which must be in l (go/list panics otherwise; so does this).
func (l *List[T]) Remove(e *Element[T]) {
	if e.list != l {
		panic("list: Remove of an element not in this list")
	}
	e.prev.next = e.next
	e.next.prev = e.prev
	e.next = nil
	e.prev = nil
	e.list = nil
	l.len.Add(-1)
}

// RemoveIfPresent unlinks e if it is in l: O(1). It reports whether it was.
func (l *List[T]) RemoveIfPresent(e *Element[T]) bool {
	if e.list != l {
		return false
	}
	l.Remove(e)
	return true
}
