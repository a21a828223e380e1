package pool

import (
	"os"
	"strings"
	"testing"
)

// The statements at which a goroutine blocks stand on release-23.0's line numbers, so that one line map reads
// both this twin's goroutine dumps and the production dump of vitessio/vitess#20310.
func TestBlockingStatementsStandOnRelease23Lines(t *testing.T) {
	data, err := os.ReadFile("waitlist.go")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	want := map[int]string{
		55:  "wl.mu.Lock()",
		60:  "select {",
		65:  "wl.mu.Lock()",
		82:  "conn := <-elem.Value.conn",
		89:  "wl.mu.Lock()",
		106: "conn := <-elem.Value.conn",
		118: "wl.mu.Lock()",
		149: "wl.mu.Lock()",
		179: "target.Value.conn <- conn",
		181: "runtime.Gosched()",
	}
	for line, stmt := range want {
		if got := strings.TrimSpace(lines[line-1]); !strings.HasPrefix(got, stmt) {
			t.Errorf("waitlist.go:%d is %q, want %q", line, got, stmt)
		}
	}
}
