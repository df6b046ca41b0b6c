package main

import "fmt"

func main() {
	fmt.Sprintf("%d timers", 3)
}
