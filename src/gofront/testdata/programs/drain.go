// The Stop/Reset drain idiom: before Go 1.23, a timer that fired but whose value was not
// received must be drained before Reset, or the next receive sees the stale value.
package main

import (
	"fmt"
	"time"
)

func main() {
	t := time.NewTimer(50 * time.Millisecond)
	time.Sleep(100 * time.Millisecond) // the timer fires; nobody receives

	if !t.Stop() {
		<-t.C // drain the stale value
	}
	t.Reset(10 * time.Millisecond)
	start := time.Now()
	<-t.C
	waited := time.Since(start).Round(10 * time.Millisecond)
	fmt.Println("stopped:", t.Stop(), "waited:", waited)
}
