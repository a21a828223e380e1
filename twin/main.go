// The twin: stallsim's pool and waitlists in real Go, with real goroutines, sync.Mutex, channels, select and
// contexts, run in wall-clock time. A validation instrument for stallsim's model; stallsim runs it with
// `stallsim twin` and `stallsim calibrate`.
//
//	twin run [FLAGS] SCENARIO.json OUTDIR
//	                                  run a resolved scenario (one variant, one seed): OUTDIR/timeseries.csv,
//	                                  OUTDIR/goroutines-T.txt at each census instant, OUTDIR/run.txt. FLAGS, for
//	                                  experiments on the instrument (docs/twin.md): -shared-lock-counter,
//	                                  -no-dumps, -trace (OUTDIR/handoffs.csv, OUTDIR/handoffs-expired.csv,
//	                                  OUTDIR/timer-lateness.csv)
//	twin calibrate OUT.yaml           measure the Go costs the model charges, on this machine
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"

	"stallsim/twin/calibrate"
	"stallsim/twin/driver"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	switch os.Args[1] {
	case "run":
		flags := flag.NewFlagSet("run", flag.ExitOnError)
		var in driver.Instruments
		flags.BoolVar(&in.SharedLockCounter, "shared-lock-counter", false, "count goroutines in wl.mu.Lock() on one shared atomic")
		flags.BoolVar(&in.NoDumps, "no-dumps", false, "take no goroutine dumps")
		flags.BoolVar(&in.Trace, "trace", false, "stamp every hand-off; write the expired ones and the timers' lateness")
		_ = flags.Parse(os.Args[2:]) // ExitOnError: a bad flag exits 2 with its message
		if flags.NArg() != 2 {
			usage()
		}
		if err := run(flags.Arg(0), flags.Arg(1), in); err != nil {
			fmt.Fprintln(os.Stderr, "twin:", err)
			os.Exit(2)
		}
	case "calibrate-heap":
		// The walk in a production-shaped heap, by the live heap's size (docs/model.md#costs): printed, to see how the
		// size moves it; a profile carries the one at calibrate.HeapBytes.
		for _, mb := range []int{64, 512, 2048} {
			fmt.Printf("heap %d MB: { %s }\n", mb, strings.Join(calibrate.HeapTable([]int{1000, 2000, 5000, 10000, 20000, 50000}, mb<<20, 3), ", "))
		}
	case "calibrate":
		if len(os.Args) != 3 {
			usage()
		}
		if err := calibrate.Run(os.Args[2]); err != nil {
			fmt.Fprintln(os.Stderr, "twin:", err)
			os.Exit(2)
		}
	default:
		usage()
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: twin run [-shared-lock-counter] [-no-dumps] [-trace] SCENARIO.json OUTDIR | twin calibrate OUT.yaml")
	os.Exit(2)
}

func run(scenarioPath, dir string, in driver.Instruments) error {
	s, err := driver.ReadScenario(scenarioPath)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	r := driver.NewRun(s)
	r.Instrument(in)
	sampler, err := driver.NewSampler(r, dir)
	if err != nil {
		return err
	}
	r.Go(sampler.Sample, sampler.Dump)
	gc := sampler.GC()
	if err := sampler.Close(); err != nil {
		return err
	}
	nodes := "packed"
	if s.Pool.SpreadNodes {
		nodes = "spread"
	}
	lockCounter := "sharded"
	if in.SharedLockCounter {
		lockCounter = "shared"
	}
	info := fmt.Sprintf("go=%s gomaxprocs=%d numcpu=%d nodes=%s lock_counter=%s dumps=%t trace=%t %s\ncpu: %s\n", runtime.Version(),
		runtime.GOMAXPROCS(0), runtime.NumCPU(), nodes, lockCounter, !in.NoDumps, in.Trace, gc, calibrate.CPUModel())
	if t := r.Tracer(); t != nil {
		if err := writeWith(dir+"/handoffs-expired.csv", t.WriteExpired); err != nil {
			return err
		}
		if err := writeWith(dir+"/timer-lateness.csv", t.WriteLateness); err != nil {
			return err
		}
		if err := writeWith(dir+"/handoffs.csv", t.WriteHandoffs); err != nil {
			return err
		}
	}
	return os.WriteFile(dir+"/run.txt", []byte(info), 0o644)
}

func writeWith(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
