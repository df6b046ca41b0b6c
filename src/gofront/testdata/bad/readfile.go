package main

import (
	"fmt"
	"os"
	"time"
)

func main() {
	time.Sleep(time.Millisecond)
	data, err := os.ReadFile("/etc/hostname")
	fmt.Println(len(data), err)
}
