package main

import "fmt"

func main() {
	return
	fmt.Println("never")
}
