// Pitfall (from the Timer.Reset docs, Go 1.9-1.22): Reset does not drain t.C.
//
// The timer fires at 10ms and nobody reads t.C. Reset(100ms) at 20ms returns false and does
// not touch the channel, so the next <-t.C returns at once (at 20ms) with the old 10ms
// expiry; only the receive after that waits for the new expiry, at 120ms. The same on every
// Go version up to 1.22.
//
// Go 1.23 (synchronous timer channels, asynctimerchan=0) removed the pitfall: the timer was
// never delivered, Reset finds it pending and returns true, and no stale value can be
// received: the first receive gets the 120ms expiry and the second blocks forever
// (fatal error: all goroutines are asleep - deadlock!). asynctimerchan=1 brings the old
// behaviour back.
package main

import (
	"fmt"
	"time"
)

func main() {
	const tenth = 10 * time.Millisecond // times are printed truncated to 10ms
	start := time.Now()
	t := time.NewTimer(10 * time.Millisecond)
	time.Sleep(20 * time.Millisecond)
	fmt.Println("Reset returned", t.Reset(100*time.Millisecond),
		"(expected false up to Go 1.22: the timer had already fired; true from Go 1.23)")

	v := <-t.C
	if d := v.Sub(start); d < 100*time.Millisecond { // the old 10ms expiry, at once
		fmt.Println("first receive right after Reset, at about", time.Since(start).Truncate(tenth),
			"gets the stale value sent at about", d.Truncate(tenth))
	} else {
		fmt.Println("first receive gets the new expiry, sent at about", d.Truncate(tenth), "(no stale value: Go 1.23+)")
	}

	w := <-t.C // the new expiry (Go 1.23+: blocks forever)
	fmt.Println("second receive: the new expiry, sent at about", w.Sub(start).Truncate(tenth))
}
