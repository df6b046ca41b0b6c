package main

import (
	"fmt"
	"os"
)

func main() {
	b, err := os.ReadFile("/etc/hostname")
	fmt.Println(len(b), err)
}
