// Pitfall (the seed's reference answer to "call proc() every second and don't exit"): the
// recover sits in a new goroutine that does nothing, and proc() runs in the ticker
// goroutine, unprotected.
//
// recover only stops a panic from a deferred call in the goroutine that panics. Here it is
// deferred in a separate, empty goroutine, so the first tick's proc() panic ends the
// program: "panic: ok" and exit status 2, at 1s, on every Go version. This program is meant
// to crash. proc-every-second.go is the working version.
package main

import (
	"fmt"
	"time"
)

func proc() { panic("ok") }

func main() {
	go func() {
		t := time.NewTicker(time.Second * 1)
		for {
			select {
			case <-t.C:
				go func() {
					defer func() {
						if err := recover(); err != nil {
							fmt.Println("recover", err)
						}
					}()
				}()
				proc()
			}
		}
	}()
	select {}
}
