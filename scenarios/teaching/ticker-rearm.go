// A ticker is one timer that re-arms itself: when it runs, runOneTimer adds the period to
// its when and sifts it down instead of deleting it; a late run skips ahead to the next
// multiple of the period.
//
// Three ticks at 10, 20 and 30ms come from the same single heap entry. Then the only
// goroutine works 25ms without blocking (GOMAXPROCS=1), and the Go versions differ in who
// runs the 40ms timer. Go 1.9-1.13: the timerproc goroutine needs the P, so the tick is sent
// only at ~55ms, and the re-arm (when += period*(1 + (now-when)/period)) skips 50ms: the next
// tick is the 60ms one. Go 1.14+: sysmon preempts the busy goroutine after its 10ms slice
// and the P runs the timer at ~40-50ms; the 50ms tick is run when the receiver is back at
// ~55ms (or dropped, if it runs while the 40ms tick still fills the channel, and then the
// next is the 60ms one). Either way ticks stay on multiples of 10ms, and the ones that find
// the channel full are dropped. Go 1.23 sends the time a tick was due, not the time it was
// sent. The program checks each value against the range every version allows.
package main

import (
	"flag"
	"fmt"
	"runtime"
	"time"
)

var gomaxprocs = flag.Int("gomaxprocs", 1, "GOMAXPROCS (0 keeps the runtime's)")

const ms = time.Millisecond

// work keeps the CPU busy for d without blocking.
func work(d time.Duration) {
	start := time.Now()
	for time.Since(start) < d {
	}
}

// check prints what was expected if ok, and what happened otherwise.
func check(ok bool, expected string, got time.Duration) {
	if ok {
		fmt.Println(expected)
	} else {
		fmt.Println(expected, "- NOT SO: got", got)
	}
}

func main() {
	flag.Parse()
	runtime.GOMAXPROCS(*gomaxprocs)

	start := time.Now()
	tk := time.NewTicker(10 * ms)
	defer tk.Stop()
	for i := 0; i < 3; i++ {
		v := <-tk.C
		fmt.Println("tick", i, "sent at about", v.Sub(start).Truncate(10*ms), "by the same timer, re-armed")
	}
	work(25 * ms)
	v := <-tk.C
	got := time.Since(start)
	check(got >= 55*ms, "late receive at 55ms or later, after the work", got)
	d := v.Sub(start)
	check(d >= 40*ms && d <= 56*ms, "it gets the 40ms tick, sent between 40ms and 56ms", d)
	w := <-tk.C
	d = w.Sub(start)
	check(d >= 50*ms && d <= 61*ms, "the next tick was sent between 50ms and 61ms", d)
}
