package main

import (
	"fmt"
	"time"
)

func main() {
	fmt.Printf("%s %d\n", time.Second)
}
