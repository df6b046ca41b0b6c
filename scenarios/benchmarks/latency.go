// Go's timer latency benchmarks (src/time/sleep_test.go, Go 1.16-1.22, golang.org/issue/38860),
// their bodies as Go wrote them: ParallelTimerLatency and one sub-benchmark of
// StaggeredTickerLatency.
//
// ParallelTimerLatency: after warmupScheduler (every P spins until all have started, then 1ms
// more) and doWork(30ms) (sysmon into deep sleep), each of Ops iterations (b.N) creates
// GOMAXPROCS-1 AfterFunc(1ms) timers from main's P; each callback records how late it ran
// and spins until all have run, and main spins on the same atomic counter, so its own P
// cannot run them: other Ps must (stealing from Go 1.14 on; the timerproc on 1.9-1.13).
//
// StaggeredTickerLatency (work-dur=Work/tickers-per-P=TickersPerP): after warmupScheduler,
// for each of GOMAXPROCS x TickersPerP tickers main spins doWork(3ms/GOMAXPROCS) to stagger
// the start, then NewTicker(3ms) and a goroutine that receives Ticks ticks (b.N), records how
// late it woke after each (where the receiver runs, as Go measures it) and spins
// doWork(Work). Go runs Work 300us with TickersPerP 1..10, and 2ms with 1.
//
// Go's latency benchmarks make no garbage timers (they do not use the other benchmarks'
// harness); -Garbage N adds N idle timers per P. They skip themselves when NumCPU <
// GOMAXPROCS; this program lowers GOMAXPROCS to NumCPU instead. -bench picks one (default:
// both). Each prints only what is stable; -v adds Go's two metrics (avg-late-ns and
// max-late-ns), and `gotimers run` the lateness of every timer in its summary.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

var (
	bench       = flag.String("bench", "all", "ParallelTimerLatency, StaggeredTickerLatency or all")
	ops         = flag.Int("Ops", 20, "ParallelTimerLatency's iterations (b.N)")
	ticks       = flag.Int("Ticks", 20, "StaggeredTickerLatency: ticks each receiver takes (b.N)")
	tickersPerP = flag.Int("TickersPerP", 2, "StaggeredTickerLatency: tickers per P (Go: 1..10 with 300us, 1 with 2ms)")
	workDur     = flag.Duration("Work", 300*time.Microsecond, "StaggeredTickerLatency: busy work after each tick (Go: 300us, 2ms)")
	garbage     = flag.Int("Garbage", 0, "idle AfterFunc(Hour) timers per P first (Go: none)")
	gomaxprocs  = flag.Int("gomaxprocs", 4, "GOMAXPROCS, at most NumCPU (0 keeps the runtime's)")
	verbose     = flag.Bool("v", false, "print Go's metrics: avg-late-ns and max-late-ns")
)

// stats is one timer's or ticker's lateness, as Go's benchmarks keep it.
type stats struct {
	sum   float64
	max   time.Duration
	count int64
	_     [5]int64 // cache line padding
}

func (s *stats) record(late time.Duration) {
	if late < 0 {
		late = 0
	}
	s.count++
	s.sum += float64(late.Nanoseconds())
	if late > s.max {
		s.max = late
	}
}

// report prints whether every timer or ticker ran want times, and with -v Go's metrics.
func report(name string, all []stats, want int, what string) {
	var total, samples float64
	max := time.Duration(0)
	each := true
	for _, s := range all {
		if s.max > max {
			max = s.max
		}
		total += s.sum
		samples += float64(s.count)
		each = each && s.count == int64(want)
	}
	if each {
		fmt.Println(name+":", what, want, "times each (expected)")
	} else {
		fmt.Println(name+":", what, "not", want, "times each")
	}
	if *verbose {
		fmt.Printf("%s: %.0f avg-late-ns\t%d max-late-ns\n", name, total/samples, max.Nanoseconds())
	}
}

func parallelTimerLatency(gmp int) {
	timerCount := gmp - 1
	stats := make([]stats, timerCount)
	warmupScheduler(gmp)
	doWork(30 * time.Millisecond)

	const delay = time.Millisecond
	var wg sync.WaitGroup
	var count int32
	for i := 0; i < *ops; i++ {
		wg.Add(timerCount)
		atomic.StoreInt32(&count, 0)
		for j := 0; j < timerCount; j++ {
			j := j
			expectedWakeup := time.Now().Add(delay)
			time.AfterFunc(delay, func() {
				stats[j].record(time.Since(expectedWakeup))
				atomic.AddInt32(&count, 1)
				for atomic.LoadInt32(&count) < int32(timerCount) {
					// spin until all timers fired
				}
				wg.Done()
			})
		}

		for atomic.LoadInt32(&count) < int32(timerCount) {
			// spin until all timers fired
		}
		wg.Wait()

		// Spin for a bit to let the other scheduler threads go idle before the
		// next round.
		doWork(time.Millisecond)
	}
	report("ParallelTimerLatency", stats, *ops, "every AfterFunc ran")
}

func staggeredTickerLatency(gmp int) {
	const delay = 3 * time.Millisecond
	tickerCount := gmp * *tickersPerP
	stats := make([]stats, tickerCount)
	warmupScheduler(gmp)

	var wg sync.WaitGroup
	wg.Add(tickerCount)
	for j := 0; j < tickerCount; j++ {
		j := j
		doWork(delay / time.Duration(gmp))
		expectedWakeup := time.Now().Add(delay)
		ticker := time.NewTicker(delay)
		go func(c int, ticker *time.Ticker, firstWake time.Time) {
			defer ticker.Stop()

			for ; c > 0; c-- {
				<-ticker.C
				stats[j].record(time.Since(expectedWakeup))
				expectedWakeup = expectedWakeup.Add(delay)
				doWork(*workDur)
			}
			wg.Done()
		}(*ticks, ticker, expectedWakeup)
	}
	wg.Wait()
	report("StaggeredTickerLatency", stats, *ticks, "every receiver took its ticks,")
}

func main() {
	flag.Parse()
	runtime.GOMAXPROCS(*gomaxprocs)
	if runtime.NumCPU() < runtime.GOMAXPROCS(0) {
		runtime.GOMAXPROCS(runtime.NumCPU())
	}
	gmp := runtime.GOMAXPROCS(0)
	if gmp < 2 {
		fmt.Println("skipping with GOMAXPROCS < 2")
		return
	}
	var idle []*time.Timer
	for i := 0; i < gmp**garbage; i++ {
		idle = append(idle, time.AfterFunc(time.Hour, nil))
	}
	switch *bench {
	case "all":
		parallelTimerLatency(gmp)
		staggeredTickerLatency(gmp)
	case "ParallelTimerLatency":
		parallelTimerLatency(gmp)
	case "StaggeredTickerLatency":
		staggeredTickerLatency(gmp)
	default:
		fmt.Fprintln(os.Stderr, "no benchmark named", *bench)
		os.Exit(2)
	}
	for _, t := range idle {
		t.Stop()
	}
}

// warmupScheduler ensures the scheduler has at least targetThreadCount threads
// in its thread pool.
func warmupScheduler(targetThreadCount int) {
	var wg sync.WaitGroup
	var count int32
	for i := 0; i < targetThreadCount; i++ {
		wg.Add(1)
		go func() {
			atomic.AddInt32(&count, 1)
			for atomic.LoadInt32(&count) < int32(targetThreadCount) {
				// spin until all threads started
			}

			// spin a bit more to ensure they are all running on separate CPUs.
			doWork(time.Millisecond)
			wg.Done()
		}()
	}
	wg.Wait()
}

func doWork(dur time.Duration) {
	start := time.Now()
	for time.Since(start) < dur {
	}
}
