# The include rule must fail on a tree that breaks it: copies src/ and eras/ into WORK,
# plants one upward include (runtime -> metrics) and then one cross-era include
# (go1_9 -> go1_14), and checks that cmake/check_layers.cmake rejects each with a message
# naming the file, the line and the rule.
#   cmake -DROOT=<source dir> -DWORK=<scratch dir> -P tests/layers/planted.cmake
cmake_minimum_required(VERSION 3.22)

function(expect_rejected file line_text want)
  file(REMOVE_RECURSE ${WORK})
  file(COPY ${ROOT}/src ${ROOT}/eras DESTINATION ${WORK})
  file(READ ${WORK}/${file} text)
  file(WRITE ${WORK}/${file} "${line_text}\n${text}")
  execute_process(COMMAND ${CMAKE_COMMAND} -DROOT=${WORK} -P ${ROOT}/cmake/check_layers.cmake
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(rc EQUAL 0)
    message(FATAL_ERROR "the include rule accepted ${file} with `${line_text}`")
  endif()
  string(FIND "${err}" "${want}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the rejection of ${file} does not say \"${want}\":\n${err}")
  endif()
  message(STATUS "rejected as expected: ${want}")
endfunction()

# the unplanted copy passes (so the rejections below are the plants' doing)
file(REMOVE_RECURSE ${WORK})
file(COPY ${ROOT}/src ${ROOT}/eras DESTINATION ${WORK})
execute_process(COMMAND ${CMAKE_COMMAND} -DROOT=${WORK} -P ${ROOT}/cmake/check_layers.cmake
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the include rule rejects the tree as it is:\n${err}")
endif()

expect_rejected(src/runtime/proc.cpp "#include \"metrics/grid.h\""
  "src/runtime/proc.cpp:1: layer runtime may not include metrics (\"metrics/grid.h\")")
expect_rejected(src/trace/jsonl.cpp "#include \"runtime/runtime.h\""
  "src/trace/jsonl.cpp:1: layer trace may not include runtime")
expect_rejected(eras/go1_9/go1_9.cpp "#include \"eras/go1_14/go1_14.h\""
  "eras/go1_9/go1_9.cpp:1: only eras/go1_14/ and the registry may include \"eras/go1_14/go1_14.h\"")
expect_rejected(src/sim/kernel.cpp "  #  include \"go/go.h\""
  "src/sim/kernel.cpp:1: layer sim may not include go")
file(REMOVE_RECURSE ${WORK})
