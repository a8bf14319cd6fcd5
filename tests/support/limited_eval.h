// The evaluator under limits, as its fuzzers (tests/fuzz/eval_fuzzer.cpp, program_fuzzer.cpp)
// and its property test (tests/programs/program_property_test.cpp) run it: one program, a
// fresh front end (runtime/front/front_end.h) without type-checking (the evaluator sees
// every program that loads; the checker has a fuzzer of its own), low stack, memory and
// time limits so a runaway program ends in E0406 / E0418 / E0419 rather than a hang, the
// value deep-forced for export and written as JSON, and every diagnostic rendered.
//
//   testsupport::Outcome o = testsupport::evaluate_limited("gen.conf", text, {});
//   o.value, o.json, o.diagnostics
#pragma once

#include <cstddef>
#include <string>

namespace cairn::testsupport {

struct Limits {
  size_t max_frames = 20000;
  size_t max_memory = size_t(64) << 20; // bytes
  unsigned max_seconds = 2;
  // Also print the value (before forcing) and write it as YAML: the fuzzers' coverage of
  // printing and of the second serializer.
  bool print_and_yaml = false;
  // The evaluator's whole-call fast paths (eval::Options::fast_calls).
  bool fast_calls = true;
};

struct Outcome {
  bool value = false;      // the program evaluated and its JSON was written
  std::string json;        // when value
  std::string printed;     // with print_and_yaml, when the program evaluated
  std::string yaml;        // with print_and_yaml, when value
  std::string diagnostics; // every diagnostic, rendered as text
};

Outcome evaluate_limited(const std::string& name, const std::string& text, const Limits& limits);

} // namespace cairn::testsupport
