// runtime.GOMAXPROCS(1) while timers wait on four Ps.
//
// Four goroutines, one per P, each set a 20ms timer and wait on it. At 5ms main shrinks
// GOMAXPROCS from 4 to 1. On Go 1.9-1.13 the timers live in the global heap or in buckets,
// which outlive Ps. On Go 1.14+ each P's heap must be emptied when the P is destroyed:
// (*p).destroy calls moveTimers, which re-adds every waiting timer to the heap of the P
// that called GOMAXPROCS. Every timer still fires on time.
package main

import (
	"flag"
	"fmt"
	"runtime"
	"time"
)

var gomaxprocs = flag.Int("gomaxprocs", 4, "GOMAXPROCS to start with")

// work keeps the CPU busy for d without blocking.
func work(d time.Duration) {
	start := time.Now()
	for time.Since(start) < d {
	}
}

func main() {
	flag.Parse()
	runtime.GOMAXPROCS(*gomaxprocs)

	late := make(chan time.Duration)
	for g := 0; g < 4; g++ {
		go func() {
			work(time.Millisecond) // keep this P busy so that the next goroutine gets another
			due := time.Now().Add(20 * time.Millisecond)
			t := time.NewTimer(20 * time.Millisecond)
			<-t.C
			late <- time.Since(due)
		}()
	}
	time.Sleep(5 * time.Millisecond)
	prev := runtime.GOMAXPROCS(1)
	fmt.Println("GOMAXPROCS", prev, "-> 1 with 4 timers waiting")
	onTime := 0
	for i := 0; i < 4; i++ {
		if l := <-late; l < 10*time.Millisecond {
			onTime++
		}
	}
	fmt.Println("all 4 timers fired;", onTime, "of them less than 10ms late (expected 4)")
}
