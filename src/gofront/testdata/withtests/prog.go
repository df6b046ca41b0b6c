// A package main with tests beside it: gotimers runs main, or a test, or a benchmark.
package main

import (
	"fmt"
	"time"
)

// resetTimer is the Stop/drain/Reset idiom of Go before 1.23.
func resetTimer(t *time.Timer, d time.Duration) {
	if !t.Stop() {
		select {
		case <-t.C:
		default:
		}
	}
	t.Reset(d)
}

func main() {
	t := time.NewTimer(time.Hour)
	resetTimer(t, time.Millisecond)
	<-t.C
	fmt.Println("fired")
}
