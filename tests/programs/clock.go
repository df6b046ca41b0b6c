// Reading the clock costs time, as it does in Go: a busy loop on time.Since makes about as
// many iterations per microsecond as real Go does (34-37 for Go 1.19 on this project's
// machine); the test reads the figures this prints (test_program_run.cpp).
package main

import (
	"fmt"
	"time"
)

func main() {
	start := time.Now()
	n := 0
	for time.Since(start) < time.Millisecond {
		n++
	}
	fmt.Println("since-loop iterations per µs:", n/1000)

	// a Time without a monotonic reading: Since calls Now (time.go@go1.13:923)
	wall := time.Unix(0, 0)
	start = time.Now()
	n = 0
	for time.Since(start) < time.Millisecond {
		_ = time.Since(wall)
		n++
	}
	fmt.Println("with a wall-clock Since per iteration:", n/1000)

	start = time.Now()
	for i := 0; i < 1000; i++ {
		_ = time.Now()
	}
	fmt.Println("ns per Now:", int64(time.Since(start))/1000)
}
