# Every dependency comes from Debian's packages (dev.sh installs the missing ones); nothing
# is vendored or downloaded at build time.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(fmt REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(Catch2 2 REQUIRED)
find_package(antlr4-runtime REQUIRED)
find_package(LLVM 14 REQUIRED CONFIG HINTS /usr/lib/llvm-14/lib/cmake/llvm)
pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)
pkg_check_modules(GMP REQUIRED IMPORTED_TARGET gmp)
pkg_check_modules(LIBGIT2 REQUIRED IMPORTED_TARGET libgit2)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(PQ REQUIRED IMPORTED_TARGET libpq)
find_package(yaml-cpp REQUIRED)
find_package(tomlplusplus REQUIRED)

find_program(ANTLR4_TOOL antlr4 REQUIRED)

# ANTLR's runtime: Debian ships the headers in /usr/include/antlr4-runtime. Its umbrella
# header pulls in misc/InterpreterDataReader.h, which clang rejects (a defaulted constructor
# of a class with a const member); we use none of it, so the build folder gets a copy of the
# umbrella header without that one line, found before the original.
file(READ /usr/include/antlr4-runtime/antlr4-runtime.h CAIRN_ANTLR_UMBRELLA)
string(REPLACE "#include \"misc/InterpreterDataReader.h\"" "" CAIRN_ANTLR_UMBRELLA "${CAIRN_ANTLR_UMBRELLA}")
file(WRITE ${PROJECT_BINARY_DIR}/antlr_umbrella/antlr4-runtime.h "${CAIRN_ANTLR_UMBRELLA}")
add_library(cairn_antlr INTERFACE)
target_include_directories(cairn_antlr SYSTEM BEFORE INTERFACE ${PROJECT_BINARY_DIR}/antlr_umbrella
                           /usr/include/antlr4-runtime)
target_link_libraries(cairn_antlr INTERFACE antlr4_shared)

# LLVM ADT (SmallVector, DenseMap, StringMap): headers plus the static LLVMSupport library
# for the few out-of-line helpers. Not libLLVM.so: loading it makes ~50 MB resident at
# startup (its relocations), more than the parser needs for a 5 MB file.
add_library(cairn_llvm INTERFACE)
target_include_directories(cairn_llvm SYSTEM INTERFACE ${LLVM_INCLUDE_DIRS})
target_link_libraries(cairn_llvm INTERFACE ${LLVM_LIBRARY_DIRS}/libLLVMSupport.a ${LLVM_LIBRARY_DIRS}/libLLVMDemangle.a
                      Threads::Threads tinfo z)
