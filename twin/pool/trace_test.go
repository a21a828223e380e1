package pool

import (
	"context"
	"testing"
	"time"
)

func TestAnExpiredHandoffIsClassifiedByItsFirstInstantPastTheDeadline(t *testing.T) {
	const d = 1000
	cases := []struct {
		h    Handoff
		want string
	}{
		{Handoff{Deadline: d, Checked: 1200, Sent: 1210, Ran: 1300, Fallback: true}, "done-won-fallback-got-conn"},
		{Handoff{Deadline: d, Checked: 1200, Sent: 1210, Ran: 1300}, "checked-after-deadline"},
		{Handoff{Deadline: d, Checked: 900, Sent: 1010, Ran: 1300}, "deadline-between-check-and-send"},
		{Handoff{Deadline: d, Checked: 900, Sent: 950, Ran: 1300}, "woke-after-deadline"},
		{Handoff{Deadline: d, Checked: 900, Sent: 950, Ran: 990}, "returned-after-deadline"},
		{Handoff{Deadline: d, Ran: 1300}, "untraced-returner"},
	}
	for _, c := range cases {
		if got := c.h.Cause(); got != c.want {
			t.Errorf("%+v: %s, want %s", c.h, got, c.want)
		}
	}
}

// The traced context expires as context.WithDeadline's does, and records when its timer's function ran: not before
// the deadline.
func TestATracedContextRecordsWhenItsDeadlineTimerRan(t *testing.T) {
	tr := NewTracer()
	tr.Start(time.Now())
	ctx, cancel := tr.WithDeadline(context.Background(), time.Now().Add(2*time.Millisecond))
	defer cancel()
	if ctx.Err() != nil {
		t.Fatal("expired before its deadline")
	}
	<-ctx.Done()
	rec := recordOf(ctx)
	if rec == nil || rec.Cancelled < rec.Deadline {
		t.Fatalf("record %+v: want the timer's run at or after the deadline", rec)
	}
	if d, ok := ctx.Deadline(); !ok || d.Sub(tr.start) != time.Duration(rec.Deadline) {
		t.Fatalf("Deadline() = %v, %v; recorded %d", d, ok, rec.Deadline)
	}
}
