package main

import "sync"

func main() {
	mus := make([]sync.Mutex, 2)
	for _, mu := range mus {
		mu.Lock()
	}
}
