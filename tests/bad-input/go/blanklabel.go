package main

func main() {
_:
	for {
		break
	}
}
