package main

import (
	"fmt"
	"os"
	"reflect"
)

func main() {
	data, _ := os.ReadFile("x")
	fmt.Println(reflect.TypeOf(data))
}
