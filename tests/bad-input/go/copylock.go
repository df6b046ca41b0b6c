package main

import "sync"

func use(mu sync.Mutex) { mu.Lock() }

func main() {
	var mu sync.Mutex
	use(mu)
}
