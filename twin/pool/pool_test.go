package pool

import (
	"context"
	"sync"
	"testing"
	"time"
)

// The seed's reproduction steps on the twin: fill a pool of two, queue a backlog whose contexts expire while
// wl.mu is held (standing for the convoy), with live requests behind it, recycle the held connections so the
// returners park on the lock, then release it. Release-23 hands the connections to requests whose deadline
// has passed (Get returns them with a nil error); the fix never does, and serves the live ones.
func reproduce(t *testing.T, v Variant) (expiredServed, liveServed int) {
	p := NewPool(2, 0, v)
	a, _ := p.Get(context.Background())
	b, _ := p.Get(context.Background())
	type result struct {
		live bool
		got  bool
	}
	results := make(chan result, 10)
	var wg sync.WaitGroup
	get := func(ctx context.Context, live bool) {
		defer wg.Done()
		conn, err := p.Get(ctx)
		results <- result{live, err == nil && conn != nil}
	}
	for i := 0; i < 5; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		wg.Add(1)
		go get(ctx, false)
	}
	time.Sleep(10 * time.Millisecond)
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go get(context.Background(), true)
	}
	time.Sleep(10 * time.Millisecond)
	p.wait.mu.Lock() // the convoy
	go p.Recycle(a)
	go p.Recycle(b)
	time.Sleep(100 * time.Millisecond) // the backlog's deadlines pass behind the returners
	p.wait.mu.Unlock()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		// The live requests of release-23 may still wait: nothing returns their connections.
	}
	close(results)
	for r := range results {
		if r.got && r.live {
			liveServed++
		} else if r.got {
			expiredServed++
		}
	}
	return
}

func TestRelease23HandsConnectionsToExpiredRequests(t *testing.T) {
	expired, _ := reproduce(t, Buggy)
	if expired == 0 {
		t.Fatal("release-23 gave no connection to a request whose deadline had passed")
	}
}

func TestTheFixServesOnlyLiveRequests(t *testing.T) {
	expired, live := reproduce(t, Fixed)
	if expired != 0 || live != 2 {
		t.Fatalf("the fix served %d expired and %d live requests, want 0 and 2", expired, live)
	}
}

func TestRemoveIfPresentIsAMembershipTest(t *testing.T) {
	var l List[int]
	e := &Element[int]{}
	if l.RemoveIfPresent(e) {
		t.Fatal("an element never pushed was removed")
	}
	l.PushBackValue(e)
	if !l.RemoveIfPresent(e) || l.Len() != 0 || l.RemoveIfPresent(e) {
		t.Fatal("RemoveIfPresent must remove a listed element once")
	}
}
