package calibrate

import (
	"strings"
	"testing"
)

func TestEachCostIsTheMedianOfPassesOverAllAndItsRangeIsTheirs(t *testing.T) {
	values := []float64{40, 162, 55}
	var order []string
	i := 0
	costs := measurePasses(3, []Benchmark{
		{"line_transfer", "half a ping-pong", func() float64 { v := values[i]; i++; order = append(order, "line"); return v }},
		{"switch", "Gosched", func() float64 { order = append(order, "switch"); return 36 }},
	})
	if strings.Join(order, " ") != "line switch line switch line switch" {
		t.Fatalf("measured in the order %v; want a pass over both, three times", order)
	}
	c := costs[0]
	if c.Median() != 55 || c.Low() != 40 || c.High() != 162 {
		t.Fatalf("median %v, range %v-%v; want 55, 40-162", c.Median(), c.Low(), c.High())
	}
	if got := c.costLine(); got != "  line_transfer: 55ns   # half a ping-pong\n" {
		t.Fatalf("cost line %q", got)
	}
	section := spreadSection(costs)
	if !strings.HasPrefix(section, "spread:") || !strings.Contains(section, "  line_transfer: [40ns, 162ns]\n  switch: [36ns, 36ns]\n") {
		t.Fatalf("spread section %q", section)
	}
}
