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

# How each library is linked, decided here once: cairn's targets link the cairn_dep_* names.
# Start-up is dominated by the dynamic loader (symbol lookups across every shared library
# and what they pull in: libgit2 alone brings krb5, ssh2 and mbedtls), so the libraries
# Debian also ships as static archives are linked statically, libstdc++ too (cli/), fmt and
# toml++ are used header-only, and the libraries only the network providers need (libpq,
# cpp-httplib with OpenSSL, brotli) are not linked at all: libpq is opened with dlopen when
# a postgres resource is first read (providers/postgres/libpq.cpp) and cpp-httplib lives in
# the module cairn-http.so (providers/dns/http_module.cpp). docs/architecture.md, "Start-up".
# CAIRN_STATIC_DEPS=OFF links the shared libraries instead (same code, slower start).
option(CAIRN_STATIC_DEPS "Link the static archives Debian ships (faster start-up)" ON)
set(CAIRN_LIBDIR /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE})
foreach(dep fmt toml yaml re2 gmp utf8proc sodium git2 antlr)
  add_library(cairn_dep_${dep} INTERFACE)
endforeach()
target_link_libraries(cairn_dep_fmt INTERFACE fmt::fmt-header-only)
# toml++ is header-only unless told otherwise (its CMake target says TOML_HEADER_ONLY=0).
target_include_directories(cairn_dep_toml SYSTEM INTERFACE
                           $<TARGET_PROPERTY:tomlplusplus::tomlplusplus,INTERFACE_INCLUDE_DIRECTORIES>)
if(CAIRN_STATIC_DEPS)
  target_link_libraries(cairn_dep_yaml INTERFACE ${CAIRN_LIBDIR}/libyaml-cpp.a)
  target_include_directories(cairn_dep_yaml SYSTEM INTERFACE $<TARGET_PROPERTY:yaml-cpp,INTERFACE_INCLUDE_DIRECTORIES>)
  target_link_libraries(cairn_dep_re2 INTERFACE ${CAIRN_LIBDIR}/libre2.a Threads::Threads)
  target_link_libraries(cairn_dep_gmp INTERFACE ${CAIRN_LIBDIR}/libgmp.a)
  target_link_libraries(cairn_dep_utf8proc INTERFACE ${CAIRN_LIBDIR}/libutf8proc.a)
  target_link_libraries(cairn_dep_sodium INTERFACE ${CAIRN_LIBDIR}/libsodium.a Threads::Threads)
  # libgit2's own dependencies as its libgit2.pc lists them, static too; its HTTP Negotiate
  # authentication needs GSS-API, which Debian ships shared only.
  find_library(CAIRN_GSSAPI_LIBRARY NAMES gssapi_krb5 libgssapi_krb5.so.2 REQUIRED)
  target_link_libraries(cairn_dep_git2 INTERFACE ${CAIRN_LIBDIR}/libgit2.a ${CAIRN_LIBDIR}/libmbedtls.a
                        ${CAIRN_LIBDIR}/libmbedx509.a ${CAIRN_LIBDIR}/libmbedcrypto.a ${CAIRN_LIBDIR}/libhttp_parser.a
                        ${CAIRN_LIBDIR}/libssh2.a ${CAIRN_LIBDIR}/libcrypto.a ${CAIRN_LIBDIR}/libpcre2-8.a
                        ${CAIRN_LIBDIR}/libz.a ${CAIRN_GSSAPI_LIBRARY} ${CMAKE_DL_LIBS} Threads::Threads rt)
  target_link_libraries(cairn_dep_antlr INTERFACE antlr4_static ${CAIRN_LIBDIR}/libuuid.a)
else()
  target_link_libraries(cairn_dep_yaml INTERFACE yaml-cpp)
  target_link_libraries(cairn_dep_re2 INTERFACE PkgConfig::RE2)
  target_link_libraries(cairn_dep_gmp INTERFACE PkgConfig::GMP)
  target_link_libraries(cairn_dep_utf8proc INTERFACE PkgConfig::UTF8PROC)
  target_link_libraries(cairn_dep_sodium INTERFACE PkgConfig::SODIUM)
  target_link_libraries(cairn_dep_git2 INTERFACE PkgConfig::LIBGIT2)
  target_link_libraries(cairn_dep_antlr INTERFACE antlr4_shared)
endif()
target_include_directories(cairn_dep_utf8proc SYSTEM INTERFACE ${UTF8PROC_INCLUDE_DIRS})

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
target_link_libraries(cairn_antlr INTERFACE cairn_dep_antlr)

# LLVM ADT (SmallVector, DenseMap, StringMap): headers plus the static LLVMSupport library
# for the few out-of-line helpers. Not libLLVM.so: loading it makes ~50 MB resident at
# startup (its relocations), more than the parser needs for a 5 MB file.
add_library(cairn_llvm INTERFACE)
target_include_directories(cairn_llvm SYSTEM INTERFACE ${LLVM_INCLUDE_DIRS})
if(CAIRN_STATIC_DEPS)
  set(CAIRN_LLVM_SYSTEM_LIBS ${CAIRN_LIBDIR}/libtinfo.a ${CAIRN_LIBDIR}/libz.a)
else()
  set(CAIRN_LLVM_SYSTEM_LIBS tinfo z)
endif()
target_link_libraries(cairn_llvm INTERFACE ${LLVM_LIBRARY_DIRS}/libLLVMSupport.a ${LLVM_LIBRARY_DIRS}/libLLVMDemangle.a
                      Threads::Threads ${CAIRN_LLVM_SYSTEM_LIBS})
