# SPDX-License-Identifier: MIT
# FCGI_MEMCHECK: every test whose command is a program built here runs
# under valgrind memcheck, so that `ctest` itself (ctest --preset valgrind)
# fails a test with an invalid read or write, a use of uninitialised
# memory, or a definitely lost block.  Tests that run a script are
# unchanged.  Include before the tests' targets are created.
#
# CTest prefixes test commands with the TEST_LAUNCHER target property from
# CMake 3.29 on; before, with CROSSCOMPILING_EMULATOR, which add_test uses
# whether or not the build cross-compiles up to 3.28.
if(NOT FCGI_MEMCHECK)
  return()
endif()
if(FCGI_SANITIZE OR FCGI_BUILD_FUZZERS)
  message(FATAL_ERROR "FCGI_MEMCHECK does not mix with FCGI_SANITIZE or FCGI_BUILD_FUZZERS: "
                      "valgrind cannot run programs built with AddressSanitizer")
endif()
find_program(FCGI_VALGRIND valgrind)
if(NOT FCGI_VALGRIND)
  message(FATAL_ERROR "FCGI_MEMCHECK needs valgrind (Debian package valgrind)")
endif()
set(FCGI_MEMCHECK_LAUNCHER ${FCGI_VALGRIND} -q --error-exitcode=1 --leak-check=full
    --errors-for-leak-kinds=definite --track-origins=yes)
if(CMAKE_VERSION VERSION_LESS 3.29)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${FCGI_MEMCHECK_LAUNCHER})
else()
  set(CMAKE_TEST_LAUNCHER ${FCGI_MEMCHECK_LAUNCHER})
endif()
