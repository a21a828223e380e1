package driver

import (
	"testing"
	"time"
)

// A stage's own deadline and query time apply to what starts inside it, and the workload's before and after it.
func TestAStagesDeadlineAndServiceApplyInsideIt(t *testing.T) {
	storm := Distribution{Kind: "constant", ValueNs: int64(2 * time.Millisecond)}
	slow := Distribution{Kind: "constant", ValueNs: int64(40 * time.Millisecond)}
	l := load{w: Workload{
		Rate:     100,
		Deadline: Distribution{Kind: "constant", ValueNs: int64(8 * time.Second)},
		Service:  Distribution{Kind: "constant", ValueNs: int64(5 * time.Millisecond)},
		Stages: []Stage{
			{ForNs: int64(5 * time.Second), Rate: 100},
			{ForNs: int64(3 * time.Second), Rate: 300, Deadline: &storm, Service: &slow},
		},
	}}
	for _, c := range []struct {
		at                time.Duration
		deadline, service int64
	}{
		{4 * time.Second, int64(8 * time.Second), int64(5 * time.Millisecond)},
		{5 * time.Second, int64(2 * time.Millisecond), int64(40 * time.Millisecond)},
		{7999 * time.Millisecond, int64(2 * time.Millisecond), int64(40 * time.Millisecond)},
		{8 * time.Second, int64(8 * time.Second), int64(5 * time.Millisecond)},
	} {
		if got := l.deadline(c.at).ValueNs; got != c.deadline {
			t.Errorf("deadline at %v: %d, want %d", c.at, got, c.deadline)
		}
		if got := l.service(c.at).ValueNs; got != c.service {
			t.Errorf("service at %v: %d, want %d", c.at, got, c.service)
		}
	}
}
