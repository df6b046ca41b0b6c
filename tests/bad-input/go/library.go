package timers

func Start() {}
