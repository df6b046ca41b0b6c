package main

import "fmt"

func main() {
	var d int = "one second"
	fmt.Println(d)
}
