package main

type T struct {
	A int `json:"a`
}

func main() { println(T{}.A) }
