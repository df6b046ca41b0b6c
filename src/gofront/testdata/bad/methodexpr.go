package main

import (
	"fmt"
	"time"
)

func main() {
	y := time.Time.Year
	fmt.Println(y(time.Now()))
}
