// Go 1.14's lazy deletion: Stop marks a timer timerDeleted and leaves it in the heap.
//
// Twenty idle AfterFunc timers (1h, 1h+1s, ...), then Stop on six of them from the middle of
// the heap. On Go 1.9 and 1.13 every Stop takes the timer out of the heap at once (deltimer
// sifts): 20 -> 14 entries. On Go 1.14+ Stop only marks it deleted: the heap keeps 20
// entries (14 live) until the P next runs checkTimers; with 6 deleted out of 20 (more than
// a quarter) the P sweeps them all (clearDeletedTimers, Go 1.15+; adjusttimers in 1.14), so
// after a short Sleep every version has 14. `gotimers run` shows the heap entries; the
// program checks what Stop returns.
package main

import (
	"fmt"
	"time"
)

func main() {
	var timers []*time.Timer
	for i := 0; i < 20; i++ {
		timers = append(timers, time.AfterFunc(time.Hour+time.Duration(i)*time.Second, func() {}))
	}
	stopped := 0
	for i := 0; i < 6; i++ {
		if timers[3*i+1].Stop() { // from the middle of the heap
			stopped++
		}
	}
	fmt.Println("Stop returned true for", stopped, "of 6 timers (expected 6: none had fired)")
	fmt.Println("after 6 Stops:", len(timers)-stopped, "live timers")
	time.Sleep(time.Millisecond) // the P runs checkTimers and sweeps the deleted ones
	fmt.Println("after a 1ms Sleep: still", len(timers)-stopped, "live timers; every Go version has removed the stopped ones")
}
