package main

import (
	"fmt"
	"time"
)

func main() {
	t := time.NewTimer(time.Second)
	x := 3
	fmt.Println("hi")
}
