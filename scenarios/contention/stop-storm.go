// Timer lock contention: Go's BenchmarkStop body (src/time/sleep_test.go) on every P at once.
//
// G goroutines (one per P) each create their share of idle "garbage" timers, as the
// benchmark harness does (AfterFunc(Hour, nil)), then run NewTimer(1s).Stop() N times. On
// Go 1.9 all Ps fight over the one timer lock; from Go 1.10 on each P mostly touches its own
// bucket (1.10-1.13) or heap (1.14+). `gotimers run` shows the lock contention; this
// program checks that every Stop returned true. The garbage timers are left pending.
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
	n          = flag.Int("N", 1000, "NewTimer+Stop pairs per goroutine")
	garbage    = flag.Int("Garbage", 2000, "idle timers per goroutine")
	g          = flag.Int("G", 4, "goroutines")
	gomaxprocs = flag.Int("gomaxprocs", 4, "GOMAXPROCS (0 keeps the runtime's)")
)

func main() {
	flag.Parse()
	runtime.GOMAXPROCS(*gomaxprocs)

	var wg sync.WaitGroup
	var stopped int64
	wg.Add(*g)
	for p := 0; p < *g; p++ {
		go func() {
			defer wg.Done()
			for i := 0; i < *garbage; i++ {
				time.AfterFunc(time.Hour, nil)
			}
			ok := int64(0)
			for i := 0; i < *n; i++ {
				if time.NewTimer(time.Second).Stop() {
					ok++
				}
			}
			atomic.AddInt64(&stopped, ok)
		}()
	}
	wg.Wait()
	fmt.Println(*g, "goroutines x", *n, "NewTimer(1s).Stop(): Stop returned true", stopped, "times (expected all)")
	fmt.Println(*g**garbage, "idle AfterFunc(1h) timers are still pending")
}
