// Pitfall (from the seeds, WrongTicker): time.Tick inside a for-select loop.
//
// Each iteration creates a Ticker that nothing can stop. Go <= 1.22 never frees an unstopped
// Ticker, so after N iterations N tickers are in the heaps, and a second later they are all
// still there, still firing every Period (`gotimers run` prints the count in its summary).
// The fix is one NewTicker made before the loop and stopped when done: tick-in-loop-fixed.go.
//
// Go 1.23 collects unreferenced tickers: a ticker is in a heap only while the select blocks
// on it, so none is left and nothing keeps firing.
package main

import (
	"flag"
	"fmt"
	"time"
)

var (
	n      = flag.Int("N", 100, "iterations")
	period = flag.Duration("Period", 10*time.Millisecond, "the tickers' period")
)

func wrongTicker() {
	for i := 0; i < *n; i++ {
		select {
		case <-time.Tick(*period): // a new Ticker every iteration, never stopped
		}
	}
}

func main() {
	flag.Parse()
	start := time.Now()
	wrongTicker()
	if took := time.Since(start); took >= time.Duration(*n)**period {
		fmt.Println(*n, "iterations took at least", *n, "x", *period, "(each waited for a new ticker's first tick)")
	} else {
		fmt.Println(*n, "iterations took only", took, "(expected at least", *n, "x", *period, ")")
	}
	fmt.Println("they left", *n, "tickers that nobody can stop")
	time.Sleep(time.Second)
	fmt.Println("a second later they are all still in the timer heaps, firing (Go <= 1.22)")
}
