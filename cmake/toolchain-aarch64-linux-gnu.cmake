# Cross build for 64-bit ARM Linux with the Debian/Ubuntu GNU cross toolchain
# (g++-aarch64-linux-gnu). Tests run under qemu user-mode emulation
# (qemu-user), so `ctest` works on an x86-64 host:
#
#   cmake -S . -B build/aarch64 -G Ninja \
#         -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-aarch64-linux-gnu.cmake \
#         -DVISIONCORE_PYTHON=OFF -DVISIONCORE_TESTS=ON
#   cmake --build build/aarch64 && ctest --test-dir build/aarch64
#
# Override VC_AARCH64_TRIPLE / VC_AARCH64_SYSROOT for another toolchain layout.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(VC_AARCH64_TRIPLE "aarch64-linux-gnu" CACHE STRING "GNU target triple of the cross compiler")
set(VC_AARCH64_SYSROOT "/usr/${VC_AARCH64_TRIPLE}" CACHE PATH "Target libraries (qemu -L and find root)")

set(CMAKE_C_COMPILER ${VC_AARCH64_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${VC_AARCH64_TRIPLE}-g++)

# Target programs (tests, examples) run through qemu; -L points the emulated
# dynamic loader at the target's libc/libstdc++.
find_program(VC_QEMU_AARCH64 qemu-aarch64)
if(VC_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${VC_QEMU_AARCH64} -L ${VC_AARCH64_SYSROOT})
endif()

# Headers and libraries from the target tree only; programs from the host.
set(CMAKE_FIND_ROOT_PATH ${VC_AARCH64_SYSROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
