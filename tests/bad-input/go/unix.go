package main

import (
	"fmt"
	"time"
)

func main() {
	fmt.Println(time.Unix(0, 0).UnixNano())
}
