package main

func sleep(ns int64)

func main() { sleep(1) }
