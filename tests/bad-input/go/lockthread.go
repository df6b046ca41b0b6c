package main

import "runtime"

func main() {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
}
