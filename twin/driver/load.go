package driver

import "time"

// load is the arrival rate and the query-time factor over time: stages (or a replayed curve, or the baseline
// rate), multiplied inside load spikes; query times multiplied inside slow-database windows.
type load struct {
	w Workload
}

func (l load) baseRate(t time.Duration) float64 {
	ns := int64(t)
	if len(l.w.Replay) > 0 {
		rate := l.w.Replay[0][1]
		for _, row := range l.w.Replay {
			if float64(ns) >= row[0] {
				rate = row[1]
			}
		}
		return rate
	}
	var from int64
	for i, s := range l.w.Stages {
		if ns < from+s.ForNs {
			if !s.Ramp {
				return s.Rate
			}
			next := l.w.Rate
			if i+1 < len(l.w.Stages) {
				next = l.w.Stages[i+1].Rate
			}
			return s.Rate + (next-s.Rate)*float64(ns-from)/float64(s.ForNs)
		}
		from += s.ForNs
	}
	return l.w.Rate
}

// stageAt is the stage that covers t, or nil (after the last one, or with a replayed curve).
func (l load) stageAt(t time.Duration) *Stage {
	if len(l.w.Replay) > 0 {
		return nil
	}
	var from int64
	for i := range l.w.Stages {
		s := &l.w.Stages[i]
		if int64(t) < from+s.ForNs {
			return s
		}
		from += s.ForNs
	}
	return nil
}

// deadline is the distribution of the deadline of a request sent at t: its stage's, if the stage sets one.
func (l load) deadline(t time.Duration) Distribution {
	if s := l.stageAt(t); s != nil && s.Deadline != nil {
		return *s.Deadline
	}
	return l.w.Deadline
}

// service is the distribution of the time of a query started at t: its stage's, if the stage sets one.
func (l load) service(t time.Duration) Distribution {
	if s := l.stageAt(t); s != nil && s.Service != nil {
		return *s.Service
	}
	return l.w.Service
}

func (l load) factor(kind string, t time.Duration) float64 {
	f := 1.0
	for _, x := range l.w.Triggers {
		if x.Kind == kind && int64(t) >= x.StartNs && int64(t) < x.StartNs+x.DurationNs {
			f *= x.Factor
		}
	}
	return f
}

func (l load) rate(t time.Duration) float64 { return l.baseRate(t) * l.factor("load-spike", t) }

func (l load) serviceFactor(t time.Duration) float64 { return l.factor("slow-db", t) }

// maxRate bounds the rate over the whole run, for thinning.
func (l load) maxRate(horizon time.Duration) float64 {
	max := 0.0
	for t := time.Duration(0); t <= horizon; t += 10 * time.Millisecond {
		if r := l.rate(t); r > max {
			max = r
		}
	}
	return max
}
