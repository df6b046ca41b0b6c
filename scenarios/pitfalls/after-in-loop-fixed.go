// The fix for after-in-loop (from the seeds): one Timer, Reset at the top of each iteration.
//
// Reset on a timer that has not fired moves it instead of adding a new one, so the heap holds
// one timer for the whole loop, against about N for time.After in the loop. On Go 1.9-1.13
// Reset is stop+add (the timer leaves and re-enters the heap); on Go 1.14+ it is modtimer and
// the entry stays in place, marked timerModifiedLater, until its P adjusts it. Every Reset
// returns true: the timer never fires.
package main

import (
	"flag"
	"fmt"
	"runtime"
	"time"
)

var (
	n          = flag.Int("N", 1000, "messages")
	every      = flag.Duration("Every", time.Millisecond, "the producer's pause between messages")
	gomaxprocs = flag.Int("gomaxprocs", 2, "GOMAXPROCS (0 keeps the runtime's)")
)

func main() {
	flag.Parse()
	runtime.GOMAXPROCS(*gomaxprocs)

	ch := make(chan int)
	go func() {
		for i := 0; i < *n; i++ {
			ch <- i
			time.Sleep(*every)
		}
	}()
	timer := time.NewTimer(time.Minute)
	defer timer.Stop()
	received, resetTrue := 0, 0
	for i := 0; i < *n; i++ {
		if timer.Reset(time.Minute) {
			resetTrue++
		}
		select {
		case <-ch:
			received++
		case <-timer.C:
			fmt.Println("timed out")
			return
		}
	}
	fmt.Println(received, "messages received with one timer")
	if resetTrue == *n {
		fmt.Println("Reset returned true every time (expected: the timer never fired)")
	} else {
		fmt.Println("Reset returned true", resetTrue, "times of", *n, "(expected every time)")
	}
}
