package main

import (
	"fmt"
	"sync"
)

func show(mu sync.Mutex) {}

func main() {
	var mu sync.Mutex
	show(mu)
	fmt.Printf("%d\n", "seconds")
}
