package main

import (
	"fmt"
	"time"
)

func main() {
	fmt.Println(time.Unix(1, 0))
}
