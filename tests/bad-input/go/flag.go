package main

import (
	"flag"
	"fmt"
)

var n = flag.Int("n", 1, "timers to start")

func main() {
	flag.Parse()
	fmt.Println(*n)
}
