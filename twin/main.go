// The twin: stallsim's pool and waitlists in real Go, with real goroutines, sync.Mutex, channels, select and
// contexts, run in wall-clock time. A validation instrument for stallsim's model; stallsim runs it with
// `stallsim twin` and `stallsim calibrate`.
//
//	twin run SCENARIO.json OUTDIR     run a resolved scenario (one variant, one seed): OUTDIR/timeseries.csv,
//	                                  OUTDIR/goroutines-T.txt at each census instant, OUTDIR/run.txt
//	twin calibrate OUT.yaml           measure the Go costs the model charges, on this machine
package main

import (
	"fmt"
	"os"
	"runtime"

	"stallsim/twin/calibrate"
	"stallsim/twin/driver"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	switch os.Args[1] {
	case "run":
		if len(os.Args) != 4 {
			usage()
		}
		if err := run(os.Args[2], os.Args[3]); err != nil {
			fmt.Fprintln(os.Stderr, "twin:", err)
			os.Exit(2)
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
	fmt.Fprintln(os.Stderr, "usage: twin run SCENARIO.json OUTDIR | twin calibrate OUT.yaml")
	os.Exit(2)
}

func run(scenarioPath, dir string) error {
	s, err := driver.ReadScenario(scenarioPath)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	r := driver.NewRun(s)
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
	info := fmt.Sprintf("go=%s gomaxprocs=%d numcpu=%d nodes=%s %s\n", runtime.Version(), runtime.GOMAXPROCS(0), runtime.NumCPU(), nodes, gc)
	return os.WriteFile(dir+"/run.txt", []byte(info), 0o644)
}
