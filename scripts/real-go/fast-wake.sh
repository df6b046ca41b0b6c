# shellcheck shell=bash
# Sourced by run.sh and timerproc-counters.sh: fast_wake_start keeps every CPU busy with a
# SCHED_IDLE busy loop, so that no CPU ever halts. A thread woken by a futex then preempts
# the loop at once instead of waiting for an idle CPU (or, in a VM, an idle vCPU) to come
# out of its halt: on the 2-vCPU VM this project is developed on, Go 1.9's 1-P AfterFunc
# chain step falls from about 45 µs to 3-5 µs (CL 34784's machine: 6 µs). SCHED_IDLE
# threads run only when nothing else wants the CPU, so they take almost no time from Go.
fast_wake_pids=()
fast_wake_start() {
  local i
  for ((i = 0; i < $(nproc); i++)); do
    chrt --idle 0 sh -c 'while :; do :; done' &
    fast_wake_pids+=($!)
  done
}
fast_wake_stop() {
  [ ${#fast_wake_pids[@]} -eq 0 ] || kill "${fast_wake_pids[@]}" 2>/dev/null || true
  fast_wake_pids=()
}
