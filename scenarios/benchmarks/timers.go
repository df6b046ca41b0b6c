// Go's timer benchmarks (src/time/sleep_test.go and tick_test.go, Go 1.10-1.22) as one
// program: the harness spelled out, Go's bodies as written.
//
// As Go's harness (benchmark(b, bench)) runs each: first every P's goroutine creates
// Garbage idle AfterFunc(Hour, nil) timers, so every heap (bucket on Go 1.10-1.13) is deep
// (Go makes 1<<15 per P; -Garbage 32768 restores that), then RunParallel: GOMAXPROCS
// goroutines each run the body Ops times with n = Batch (Go's 1000), then the garbage is
// stopped. One benchmark op is one body. -bench names the benchmarks to run (default: all,
// in Go's order); each prints one line of counts, the same under real Go and on every era.
// `gotimers run` adds the locks, wake-ups and heap work, and `gotimers run
// benchmarks/go1.19 --bench BenchmarkStop` runs Go's own benchmark for ns/op. The JSON
// scenarios benchmarks/after-func ... benchmarks/ticker are these bodies in the JSON form;
// TickerReset (Go 1.15) is ticker-reset.go, the latency benchmarks latency.go.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

var (
	bench      = flag.String("bench", "all", "benchmarks to run, comma-separated (AfterFunc,After,Stop,SimultaneousAfterFunc,StartStop,Reset,Sleep,Ticker)")
	garbage    = flag.Int("Garbage", 2000, "idle AfterFunc(Hour) timers per P (Go: 1<<15)")
	ops        = flag.Int("Ops", 1, "bodies per goroutine (b.N / GOMAXPROCS)")
	batch      = flag.Int("Batch", 1000, "timer operations per body (Go: 1000)")
	period     = flag.Duration("Period", time.Nanosecond, "Ticker's period (Go: 1ns)")
	gomaxprocs = flag.Int("gomaxprocs", 4, "GOMAXPROCS (0 keeps the runtime's)")
)

// count is what a body did that Go guarantees: Stop or Reset returning true, a receive, a
// function run, a sleeper woken. Bodies add to it from every goroutine.
var count int64

func add() { atomic.AddInt64(&count, 1) }

// The bodies, as in sleep_test.go and tick_test.go (Go 1.10-1.22), each with what its
// count means.
var benchmarks = []struct {
	name, counted string
	body          func(n int)
}{
	{"AfterFunc", "functions ran (n+1 per op)", func(n int) {
		c := make(chan bool)
		var f func()
		f = func() {
			add()
			n--
			if n >= 0 {
				time.AfterFunc(0, f)
			} else {
				c <- true
			}
		}
		time.AfterFunc(0, f)
		<-c
	}},
	{"After", "receives", func(n int) {
		for i := 0; i < n; i++ {
			<-time.After(1)
			add()
		}
	}},
	{"Stop", "Stops returned true", func(n int) {
		for i := 0; i < n; i++ {
			if time.NewTimer(1 * time.Second).Stop() {
				add()
			}
		}
	}},
	{"SimultaneousAfterFunc", "functions ran", func(n int) {
		var wg sync.WaitGroup
		wg.Add(n)
		for i := 0; i < n; i++ {
			time.AfterFunc(0, func() {
				add()
				wg.Done()
			})
		}
		wg.Wait()
	}},
	{"StartStop", "Stops returned true", func(n int) {
		timers := make([]*time.Timer, n)
		for i := 0; i < n; i++ {
			timers[i] = time.AfterFunc(time.Hour, nil)
		}
		for i := 0; i < n; i++ {
			if timers[i].Stop() {
				add()
			}
		}
	}},
	{"Reset", "Resets returned true (and one Stop per op)", func(n int) {
		t := time.NewTimer(time.Hour)
		for i := 0; i < n; i++ {
			if t.Reset(time.Hour) {
				add()
			}
		}
		if t.Stop() {
			add()
		}
	}},
	{"Sleep", "sleepers woke", func(n int) {
		var wg sync.WaitGroup
		wg.Add(n)
		for i := 0; i < n; i++ {
			go func() {
				time.Sleep(time.Nanosecond)
				add()
				wg.Done()
			}()
		}
		wg.Wait()
	}},
	{"Ticker", "ticks received", func(n int) {
		ticker := time.NewTicker(*period)
		for i := 0; i < n; i++ {
			<-ticker.C
			add()
		}
		ticker.Stop()
	}},
}

// benchmark is Go's harness: garbage timers on every P, the body on GOMAXPROCS goroutines
// Ops times each, the garbage stopped.
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

func main() {
	flag.Parse()
	runtime.GOMAXPROCS(*gomaxprocs)
	want := map[string]bool{}
	for _, name := range strings.Split(*bench, ",") {
		want[name] = true
	}
	ran := 0
	for _, b := range benchmarks {
		if !want["all"] && !want[b.name] {
			continue
		}
		count = 0
		benchmark(b.body)
		fmt.Println(b.name+":", runtime.GOMAXPROCS(0)**ops, "ops x", *batch, "->", count, b.counted)
		ran++
	}
	if ran == 0 {
		fmt.Fprintln(os.Stderr, "no benchmark named", *bench)
		os.Exit(2)
	}
}
