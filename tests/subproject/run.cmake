# SPDX-License-Identifier: MIT
# cmake -DHOW=add_subdirectory|fetchcontent|top_level -DSOURCE_DIR=<this tree>
#       -DWORK_DIR=<scratch folder> -DC_COMPILER=<cc> -P run.cmake
# (see CMakeLists.txt).  Fails with a message saying what went wrong.
cmake_minimum_required(VERSION 3.16)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

function(run what)
  execute_process(COMMAND ${ARGN} WORKING_DIRECTORY ${WORK_DIR}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  set(run_rc ${rc} PARENT_SCOPE)
  set(run_out "${out}" PARENT_SCOPE)
endfunction()

# A flag that makes the codec warn: padding at the end of its structs.
set(warn -Wpadded)

if(HOW STREQUAL "top_level")
  # Only what the codec needs besides its tests, which stay at their default.
  run(configure ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/build
      -DCMAKE_C_COMPILER=${C_COMPILER} -DCMAKE_C_FLAGS=${warn}
      -DFCGI_BUILD_TOOLS=OFF -DFCGI_BUILD_PLUGIN=OFF -DFCGI_BUILD_BENCH=OFF
      -DFCGI_BUILD_EXAMPLES=OFF)
  if(NOT run_rc EQUAL 0)
    message(FATAL_ERROR "configuring the tree on its own failed:\n${run_out}")
  endif()
  file(STRINGS ${WORK_DIR}/build/CMakeCache.txt cache REGEX "^FCGI_(BUILD_TESTS|WERROR):")
  if(NOT "FCGI_BUILD_TESTS:BOOL=ON" IN_LIST cache OR NOT "FCGI_WERROR:BOOL=ON" IN_LIST cache)
    message(FATAL_ERROR "on its own, tests and -Werror must default to on: ${cache}")
  endif()
  run(build ${CMAKE_COMMAND} --build ${WORK_DIR}/build --target fcgicodec_objects)
  if(run_rc EQUAL 0)
    message(FATAL_ERROR "on its own, the codec built despite ${warn} warnings: -Werror is off")
  endif()
  if(NOT run_out MATCHES "error: padding")
    message(FATAL_ERROR "the codec failed for another reason than ${warn} under -Werror:\n${run_out}")
  endif()
  message(STATUS "on its own: FCGI_BUILD_TESTS and FCGI_WERROR on, ${warn} fails the codec")
  return()
endif()

run(configure ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/subproject/consumer -B ${WORK_DIR}/build
    -DCMAKE_C_COMPILER=${C_COMPILER} -DCMAKE_C_FLAGS=${warn}
    -DFCGI_SOURCE_DIR=${SOURCE_DIR} -DHOW=${HOW})
if(NOT run_rc EQUAL 0)
  message(FATAL_ERROR "configuring the consumer (${HOW}) failed:\n${run_out}")
endif()
run(build ${CMAKE_COMMAND} --build ${WORK_DIR}/build)
if(NOT run_rc EQUAL 0)
  message(FATAL_ERROR "building the consumer (${HOW}) failed:\n${run_out}")
endif()
if(NOT run_out MATCHES "warning: padding")
  message(FATAL_ERROR "${warn} brought out no warning in the codec, so the build proves nothing:\n${run_out}")
endif()
run(example ${WORK_DIR}/build/consumer-dump-request)
file(READ ${SOURCE_DIR}/tests/install/dump-request.expected expected)
if(NOT run_rc EQUAL 0 OR NOT run_out STREQUAL expected)
  message(FATAL_ERROR "the consumer's example printed (exit ${run_rc}):\n${run_out}\nexpected:\n${expected}")
endif()
message(STATUS "${HOW}: built with ${warn} warnings and no -Werror, the example's output as expected")
