package main

import (
	"fmt"
	"time"
)

func main() {
	fmt.Println("late by %v", time.Millisecond)
}
