package main

import (
	"fmt"
	"sync/atomic"
	"time"
)

func main() {
	var n int32
	start := time.Now()
	go func() {
		time.Sleep(time.Millisecond)
		atomic.AddInt32(&n, 1)
	}()
	for atomic.LoadInt32(&n) < 1 {
	}
	fmt.Println("spun at least 1ms:", time.Since(start) >= time.Millisecond)
}
