package main

import "sync/atomic"

func main() {
	var n int64
	n = atomic.AddInt64(&n, 1)
	println(n)
}
