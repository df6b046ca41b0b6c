//go:build go1.15

// Go's BenchmarkTickerReset (src/time/tick_test.go, Go 1.15-1.22): NewTicker(1ns), Batch
// Ticker.Reset(2ns), Stop.
//
// Ticker.Reset is Go 1.15's: the build constraint says so, and gotimers skips the eras of
// older releases, as those releases would not build it. That is why it is not in timers.go
// with the other benchmarks, whose harness it repeats: Garbage idle AfterFunc(Hour, nil)
// timers on every P (Go: 1<<15), the body on GOMAXPROCS goroutines Ops times each, the
// garbage stopped. `gotimers run benchmarks/go1.19 --bench BenchmarkTickerReset` runs Go's
// own benchmark for ns/op.
package main

import (
	"flag"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

var (
	garbage    = flag.Int("Garbage", 2000, "idle AfterFunc(Hour) timers per P (Go: 1<<15)")
	ops        = flag.Int("Ops", 1, "bodies per goroutine (b.N / GOMAXPROCS)")
	batch      = flag.Int("Batch", 1000, "timer operations per body (Go: 1000)")
	period     = flag.Duration("Period", time.Nanosecond, "the ticker's period (Go: 1ns)")
	gomaxprocs = flag.Int("gomaxprocs", 4, "GOMAXPROCS (0 keeps the runtime's)")
)

func main() {
	flag.Parse()
	runtime.GOMAXPROCS(*gomaxprocs)
	var resets int64
	benchmark(func(n int) {
		ticker := time.NewTicker(*period)
		for i := 0; i < n; i++ {
			ticker.Reset(*period * 2)
			atomic.AddInt64(&resets, 1)
		}
		ticker.Stop()
	})
	fmt.Println("TickerReset:", runtime.GOMAXPROCS(0)**ops, "ops x", *batch, "->", resets, "resets")
}

// benchmark is Go's harness (timers.go has the same).
func benchmark(body func(n int)) {
	procs := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	garbageAll := make([][]*time.Timer, procs)
	for i := range garbageAll {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			g := make([]*time.Timer, *garbage)
			for j := range g {
				g[j] = time.AfterFunc(time.Hour, nil)
			}
			garbageAll[i] = g
		}(i)
	}
	wg.Wait()

	wg.Add(procs)
	for p := 0; p < procs; p++ {
		go func() {
			defer wg.Done()
			for op := 0; op < *ops; op++ {
				body(*batch)
			}
		}()
	}
	wg.Wait()

	for _, g := range garbageAll {
		for _, t := range g {
			t.Stop()
		}
	}
}
