# Common settings for cairn's own targets: warnings as errors, sanitizers and fuzzing
# instrumentation when enabled, and the repository root on the include path
# (includes are written "compiler/base/source.h").
set(CAIRN_SANITIZE_FLAGS "")
if(CAIRN_SANITIZE)
  list(APPEND CAIRN_SANITIZE_FLAGS -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
endif()
if(CAIRN_FUZZ)
  list(APPEND CAIRN_SANITIZE_FLAGS -fsanitize=fuzzer-no-link)
endif()

function(cairn_target target)
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  # g++ 12 at -O3 (Release) reports `"literal" + std::string` as overlapping memcpy
  # (-Wrestrict false positive, GCC bug 105329); without this the release build fails.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(CAIRN_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  target_compile_options(${target} PRIVATE ${CAIRN_SANITIZE_FLAGS})
  target_link_options(${target} PUBLIC ${CAIRN_SANITIZE_FLAGS})
  target_compile_definitions(${target} PRIVATE CAIRN_VERSION="${PROJECT_VERSION}")
endfunction()

# Generated code: no warnings of ours, same instrumentation.
function(cairn_generated_target target)
  target_compile_options(${target} PRIVATE -w ${CAIRN_SANITIZE_FLAGS})
  target_link_options(${target} PUBLIC ${CAIRN_SANITIZE_FLAGS})
endfunction()
