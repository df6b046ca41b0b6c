package main

import (
	"fmt"
	"time"
)

func main() {
	start := time.UnixMilli(1500)
	fmt.Println(time.Since(start) > 0)
}
