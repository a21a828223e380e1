package pool

import (
	"runtime"
	"sync"
	"testing"
)

// Goroutines that add on one P and take away on another leave shards of opposite signs: the sum is what counts.
func TestShardedGaugeSumsWhatIsInsideAcrossPs(t *testing.T) {
	for _, shared := range []bool{false, true} {
		g := NewLockGauge(shared)
		const inside = 300
		var entered, release sync.WaitGroup
		entered.Add(inside)
		release.Add(1)
		var done sync.WaitGroup
		for i := 0; i < inside; i++ {
			done.Add(1)
			go func() {
				defer done.Done()
				g.Add(1)
				entered.Done()
				release.Wait()
				runtime.Gosched() // likely resumed on another P than the one it added on
				g.Add(-1)
			}()
		}
		entered.Wait()
		if got := g.Load(); got != inside {
			t.Fatalf("shared=%v: %d inside, gauge reads %d", shared, inside, got)
		}
		release.Done()
		done.Wait()
		if got := g.Load(); got != 0 {
			t.Fatalf("shared=%v: all left, gauge reads %d", shared, got)
		}
	}
}
