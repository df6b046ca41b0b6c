# shellcheck shell=bash
# Sourced by run.sh and timerproc-counters.sh (with their arguments): strict mode, a
# temporary directory $work removed on exit, and --fast-wake.
#
# --fast-wake (the first argument; sets fast=1, and the caller shifts it) keeps every CPU
# busy with a SCHED_IDLE busy loop while fast_wake_start's loops run, so that no CPU ever
# halts. A thread woken by a futex then preempts the loop at once instead of waiting for an
# idle CPU (or, in a VM, an idle vCPU) to come out of its halt: on the 2-vCPU VM this
# project is developed on, Go 1.9's 1-P AfterFunc chain step falls from about 45 µs to
# 3-5 µs (CL 34784's machine: 6 µs). SCHED_IDLE threads run only when nothing else wants
# the CPU, so they take almost no time from Go.
set -euo pipefail
fast=0
[ "${1:-}" != --fast-wake ] || fast=1
fast_wake_pids=()
fast_wake_start() {
  [ "$fast" -eq 1 ] || return 0
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
work=$(mktemp -d)
trap 'fast_wake_stop; rm -rf "$work"' EXIT
