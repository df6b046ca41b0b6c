# The layers of gotimers, bottom first: one table that the build (CMakeLists.txt: one static
# library per layer, linking only its DEPS) and the include rule (cmake/check_layers.cmake,
# run at every build and by ctest) both read. A layer may include its own headers and those
# of the layers below it (DEPS, followed transitively); nothing else. docs/architecture.md
# shows the graph the code really has, checked against this table.
#
# eras/ has one more rule: no era includes another era. A file may include
# eras/go1_N/... only from eras/go1_N/ itself or from the registry (eras/registry.*); the
# shared mechanisms (eras/timer_heap.*, eras/timerproc/) include no era.
set(GOTIMERS_LAYERS sim io trace runtime eras go scenario program metrics heaplab cli)

set(GOTIMERS_LAYER_sim_DIR src/sim)
set(GOTIMERS_LAYER_sim_DEPS "")
set(GOTIMERS_LAYER_sim_ROLE "discrete-event kernel, fibers, seeded RNG streams, durations")

set(GOTIMERS_LAYER_io_DIR src/io)
set(GOTIMERS_LAYER_io_DEPS sim)
set(GOTIMERS_LAYER_io_ROLE "atomic output files, pages with their data; input: regular files, JSON lint, JSON Lines, did-you-mean")

set(GOTIMERS_LAYER_trace_DIR src/trace)
set(GOTIMERS_LAYER_trace_DEPS io sim)
set(GOTIMERS_LAYER_trace_ROLE "typed events, sinks (JSONL, Perfetto, fingerprint), trace check")

set(GOTIMERS_LAYER_runtime_DIR src/runtime)
set(GOTIMERS_LAYER_runtime_DEPS trace)
set(GOTIMERS_LAYER_runtime_ROLE "the simulated Go machine, locks, channels, cost model, the TimerBackend seam")

set(GOTIMERS_LAYER_eras_DIR eras)
set(GOTIMERS_LAYER_eras_DEPS runtime)
set(GOTIMERS_LAYER_eras_ROLE "one TimerBackend per era; Go's 4-ary timer heap; timerproc buckets")

set(GOTIMERS_LAYER_go_DIR src/go)
set(GOTIMERS_LAYER_go_DEPS eras)
set(GOTIMERS_LAYER_go_ROLE "the Go-like C++ API: goroutines, Chan<T>, select, package time, runProgram")

set(GOTIMERS_LAYER_scenario_DIR src/scenario)
set(GOTIMERS_LAYER_scenario_DEPS go)
set(GOTIMERS_LAYER_scenario_ROLE "JSON scenarios: loader, schema, interpreter")

set(GOTIMERS_LAYER_program_DIR src/program)
set(GOTIMERS_LAYER_program_DEPS go)
set(GOTIMERS_LAYER_program_ROLE "Go programs: the IR loader, values, the VM and its library (externs)")

set(GOTIMERS_LAYER_metrics_DIR src/metrics)
set(GOTIMERS_LAYER_metrics_DEPS scenario program)
set(GOTIMERS_LAYER_metrics_ROLE "run summary and metrics, trace stats, compare, sweep, report, calibrate")

set(GOTIMERS_LAYER_heaplab_DIR src/heaplab)
set(GOTIMERS_LAYER_heaplab_DEPS go)
set(GOTIMERS_LAYER_heaplab_ROLE "the heap lab and its animation writers (HTML, SVG, GIF)")

set(GOTIMERS_LAYER_cli_DIR src/cli)
set(GOTIMERS_LAYER_cli_DEPS metrics heaplab)
set(GOTIMERS_LAYER_cli_ROLE "the gotimers command (CLI11)")

# The layers a layer may include: itself and DEPS, transitively. Sets OUT in the caller.
function(gotimers_layer_closure layer out)
  set(seen ${layer})
  set(todo ${GOTIMERS_LAYER_${layer}_DEPS})
  while(todo)
    list(POP_FRONT todo d)
    if(NOT d IN_LIST seen)
      list(APPEND seen ${d})
      list(APPEND todo ${GOTIMERS_LAYER_${d}_DEPS})
    endif()
  endwhile()
  set(${out} ${seen} PARENT_SCOPE)
endfunction()
