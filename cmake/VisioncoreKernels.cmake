# Leaf SIMD kernels: cpp/src/kernels/<isa>/ is compiled as its own object
# library with only that ISA's flags, so no wide instruction leaks into code
# that an older CPU runs. The dispatcher (cpp/src/core/dispatch.cpp) learns
# which folders were built from the VC_HAVE_KERNELS_<ISA> definitions.

if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
  set(VC_ARCH_X86_64 ON)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64|ARM64)$")
  set(VC_ARCH_AARCH64 ON)
endif()

set(VC_KERNEL_OBJECTS "")
set(VC_KERNEL_DEFINES "")

function(vc_add_kernel_library isa flags)
  file(GLOB srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/cpp/src/kernels/${isa}/*.cpp)
  if(NOT srcs)
    return()
  endif()
  set(target vc_kernels_${isa})
  add_library(${target} OBJECT ${srcs})
  target_include_directories(${target} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/cpp/src
                                               ${CMAKE_CURRENT_SOURCE_DIR}/cpp/include)
  # flags last, so an ISA may silence a compiler-header false positive
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter ${flags})
  string(TOUPPER ${isa} ISA_UPPER)
  set(VC_KERNEL_OBJECTS ${VC_KERNEL_OBJECTS} $<TARGET_OBJECTS:${target}> PARENT_SCOPE)
  set(VC_KERNEL_DEFINES ${VC_KERNEL_DEFINES} VC_HAVE_KERNELS_${ISA_UPPER}=1 PARENT_SCOPE)
endfunction()
