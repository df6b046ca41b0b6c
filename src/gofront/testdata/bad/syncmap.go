package main

import (
	"fmt"
	"sync"
)

func main() {
	var m sync.Map
	m.Store("k", 1)
	fmt.Println(m.Load("k"))
}
