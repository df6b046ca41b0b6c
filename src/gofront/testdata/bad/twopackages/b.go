package other

func F() {}
