package main

import "github.com/example/timerlib"

func main() { timerlib.Start() }
