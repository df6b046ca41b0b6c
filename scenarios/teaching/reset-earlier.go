// Reset to an earlier time: t = NewTimer(1s) among three other timers, then Reset(100ms).
// It fires at 100ms on every Go version; what differs is how the heap gets there.
//
// Go 1.9-1.13: Reset is Stop+add: the timer leaves the heap and re-enters at its new place,
// the root: [100ms 300ms 400ms 200ms]. Go 1.14+ (modtimer): the entry stays in its old slot,
// marked timerModifiedEarlier with nextwhen 100ms, and the heap still reads [200ms 300ms
// 400ms 1s] until the P's adjusttimers moves it before running timers. Go 1.23: channel
// timers enter a heap only while a goroutine blocks on them: the receive puts t alone in
// P0's heap, and a, b and c are in none. `gotimers heap` shows the heaps; this program checks
// what Go returns and when t fires.
package main

import (
	"fmt"
	"time"
)

func main() {
	start := time.Now()
	a := time.NewTimer(200 * time.Millisecond)
	b := time.NewTimer(300 * time.Millisecond)
	c := time.NewTimer(400 * time.Millisecond)
	t := time.NewTimer(time.Second)
	fmt.Println("Reset returned", t.Reset(100*time.Millisecond), "(expected true: t was active)")
	<-t.C
	fmt.Println("t fired at about", time.Since(start).Truncate(10*time.Millisecond))
	fmt.Println("Stop of a, b, c returned", a.Stop(), b.Stop(), c.Stop(), "(expected true true true: none had fired)")
}
