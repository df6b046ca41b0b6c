// A ticker read with for range, left with a labelled break.
package main

import (
	"fmt"
	"time"
)

func main() {
	ticker := time.NewTicker(10 * time.Millisecond)
	defer ticker.Stop()
	deadline := time.After(55 * time.Millisecond)
	ticks := 0
loop:
	for {
		select {
		case <-ticker.C:
			ticks++
		case <-deadline:
			break loop
		}
	}
	fmt.Println("ticks:", ticks >= 4)

	n := 0
	tk := time.NewTicker(time.Millisecond)
	for range tk.C {
		n++
		if n == 3 {
			tk.Stop()
			break
		}
	}
	fmt.Println("ranged:", n)
}
