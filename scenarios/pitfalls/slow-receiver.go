// Pitfall (the NewTicker docs): a ticker "will adjust the time interval or drop ticks to
// make up for slow receivers".
//
// A 10ms ticker is read by a receiver that works 35ms (a busy loop) after each tick. t.C
// holds one value; every expiry that finds it full is thrown away (sendTime's default
// case). In one second the ticker fires about 100 times but the receiver takes only about
// 30 ticks, and each one it takes was buffered up to 25ms earlier, not the current time.
// The count varies with scheduling (and, after the deadline, with select's random choice
// between two ready cases), so the program checks it against a range instead of printing it.
package main

import (
	"flag"
	"fmt"
	"runtime"
	"time"
)

var (
	period     = flag.Duration("Period", 10*time.Millisecond, "the ticker's period")
	workD      = flag.Duration("Work", 35*time.Millisecond, "busy work after each tick")
	gomaxprocs = flag.Int("gomaxprocs", 1, "GOMAXPROCS (0 keeps the runtime's)")
)

// work keeps the CPU busy for d without blocking.
func work(d time.Duration) {
	start := time.Now()
	for time.Since(start) < d {
	}
}

func main() {
	flag.Parse()
	runtime.GOMAXPROCS(*gomaxprocs)

	tk := time.NewTicker(*period)
	defer tk.Stop()
	deadline := time.After(time.Second)
	received := 0
loop:
	for {
		select {
		case <-deadline:
			break loop
		case <-tk.C:
			received++
			work(*workD)
		}
	}
	if received >= 25 && received <= 40 {
		fmt.Println("received about 30 ticks in one second, not 100: the others were dropped")
	} else {
		fmt.Println("received", received, "ticks in one second (expected 25 to 40)")
	}
}
