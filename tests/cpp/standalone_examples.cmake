# Proves that find_package(visioncore) works for a consumer: installs the
# build to a prefix inside the build folder, configures and builds
# cpp/examples as a project of its own against that prefix, and runs the
# example it built on a tiny raw frame.
#
# cmake -DBUILD_DIR=... -DSOURCE_DIR=... -DWORK_DIR=... -DGENERATOR=...
#       [-DMAKE_PROGRAM=...] [-DCXX_COMPILER=...] [-DCXX_FLAGS=...] [-DCONFIG=...]
#       [-DEMULATOR=prog|arg|...] -P standalone_examples.cmake
# CXX_FLAGS: the library's own flags, which a consumer must share when they
# carry runtime requirements (e.g. sanitizers).
# EMULATOR: how a cross build runs the example (CMAKE_CROSSCOMPILING_EMULATOR,
# '|' between its words).
foreach(var BUILD_DIR SOURCE_DIR WORK_DIR GENERATOR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "standalone_examples.cmake: -D${var}= is required")
  endif()
endforeach()
if(NOT CONFIG)
  set(CONFIG Release)
endif()

function(run_step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}):\n${out}\n${err}")
  endif()
  message(STATUS "${what}: ok")
endfunction()

set(prefix ${WORK_DIR}/prefix)
set(build ${WORK_DIR}/build)
file(REMOVE_RECURSE ${WORK_DIR})

# stage 1: install the library and its CMake package
run_step("install" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix} --config ${CONFIG})

# stage 2: configure and build the examples against the installed package only
set(configure_args -S ${SOURCE_DIR}/cpp/examples -B ${build} -G ${GENERATOR}
    -DCMAKE_BUILD_TYPE=${CONFIG} -DCMAKE_PREFIX_PATH=${prefix}
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF)
if(MAKE_PROGRAM)
  list(APPEND configure_args -DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM})
endif()
if(CXX_COMPILER)
  list(APPEND configure_args -DCMAKE_CXX_COMPILER=${CXX_COMPILER})
endif()
if(CXX_FLAGS)
  list(APPEND configure_args "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}")
endif()
run_step("configure examples" ${CMAKE_COMMAND} ${configure_args})
file(STRINGS ${build}/CMakeCache.txt found REGEX "^visioncore_DIR:")
string(FIND "${found}" "${prefix}" at)
if(NOT at GREATER -1)
  message(FATAL_ERROR "find_package(visioncore) did not use the installed package: ${found}")
endif()
run_step("build examples" ${CMAKE_COMMAND} --build ${build} --config ${CONFIG})

# stage 3: run the standalone example on a 4x4 8-bit frame (16 printable bytes)
find_program(exe demosaic_raw PATHS ${build} ${build}/${CONFIG} NO_DEFAULT_PATH REQUIRED)
file(WRITE ${WORK_DIR}/tiny.raw "ABCDEFGHIJKLMNOP")
string(REPLACE "|" ";" emulator "${EMULATOR}")
run_step("run demosaic_raw" ${emulator} ${exe} ${WORK_DIR}/tiny.raw 4 4 RGGB ${WORK_DIR}/tiny.ppm)
file(SIZE ${WORK_DIR}/tiny.ppm size)
file(READ ${WORK_DIR}/tiny.ppm header LIMIT 11)
if(NOT size EQUAL 59 OR NOT header STREQUAL "P6\n4 4\n255\n")
  message(FATAL_ERROR "unexpected PPM: ${size} bytes, header '${header}'")
endif()
message(STATUS "standalone examples against the installed package: ok")
