// An interview question (from the seeds): call proc() every second and keep the program
// alive, though proc panics.
//
// Each tick runs proc inside a func with a deferred recover, so the panic ends only that
// call and the loop goes on: N runs, one a second. The same on every Go version. The seed's
// reference answer puts the recover in a separate goroutine and calls proc() outside it,
// which crashes the program at the first tick: see proc-every-second-wrong.go.
package main

import (
	"flag"
	"fmt"
	"time"
)

var n = flag.Int("N", 3, "how many times to call proc")

func proc() { panic("ok") }

func main() {
	flag.Parse()
	start := time.Now()
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for i := 0; i < *n; i++ {
		<-t.C
		func() {
			defer func() {
				if err := recover(); err != nil {
					fmt.Println("recovered:", err)
				}
			}()
			fmt.Println("run", i)
			proc()
		}()
	}
	fmt.Println(*n, "runs in about", time.Since(start).Round(100*time.Millisecond))
}
