// A tour of package time: what Stop and Reset return, when things fire, and what an
// AfterFunc and a Ticker do. Every line of output is checked: times are printed truncated
// to 10ms (a timer never fires early, and is late by far less than that).
package main

import (
	"flag"
	"fmt"
	"runtime"
	"time"
)

var gomaxprocs = flag.Int("gomaxprocs", 2, "GOMAXPROCS (0 keeps the runtime's)")

const tenth = 10 * time.Millisecond

func main() {
	flag.Parse()
	runtime.GOMAXPROCS(*gomaxprocs)

	start := time.Now()
	t := time.NewTimer(100 * time.Millisecond)
	v := <-t.C
	fmt.Println("timer fired; value sent at about", v.Sub(start).Truncate(tenth))
	fmt.Println("Stop returned", t.Stop(), "(expected false: already fired)")
	fmt.Println("Reset returned", t.Reset(50*time.Millisecond), "(expected false: was not active)")
	fmt.Println("Stop returned", t.Stop(), "(expected true: stopped before firing)")

	done := make(chan int)
	armed := time.Now()
	time.AfterFunc(10*time.Millisecond, func() {
		fmt.Println("AfterFunc runs in its own goroutine, about", time.Since(armed).Truncate(tenth), "after it was set")
		done <- 1
	})
	fmt.Println("received", <-done, "from the AfterFunc (expected 1)")

	made := time.Now()
	tk := time.NewTicker(20 * time.Millisecond)
	for i := 0; i < 3; i++ {
		tick := <-tk.C
		fmt.Println("tick", i, "sent about", tick.Sub(made).Truncate(tenth), "after NewTicker")
	}
	tk.Stop()
}
