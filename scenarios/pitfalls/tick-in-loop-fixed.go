// The fix for tick-in-loop (from the seeds, CorrectTicker): one ticker, stopped when done.
//
// One NewTicker made before the loop and stopped (defer) after it: the heap holds one ticker
// during the loop and none afterwards, on every Go version.
package main

import (
	"flag"
	"fmt"
	"time"
)

var (
	n      = flag.Int("N", 100, "ticks")
	period = flag.Duration("Period", 10*time.Millisecond, "the ticker's period")
)

func correctTicker() {
	t := time.NewTicker(*period)
	defer t.Stop()
	for i := 0; i < *n; i++ {
		<-t.C
	}
}

func main() {
	flag.Parse()
	start := time.Now()
	correctTicker()
	fmt.Println(*n, "ticks took about", time.Since(start).Round(100*time.Millisecond),
		"from one ticker, now stopped")
	time.Sleep(time.Second)
	fmt.Println("a second later no timer is left in the heaps")
}
