// libFuzzer target for the evaluator: whatever loads must evaluate to a value or to
// diagnostics, never crash or leak. The limits are the evaluator's own (stack frames, memory,
// time), set low (tests/support/limited_eval.h) so a runaway input ends quickly in E0406 /
// E0418 / E0419 instead of being a libFuzzer timeout. Each value is printed, deep-forced for export and written as JSON and
// YAML, so printing, export and the serializers see every shape evaluation produces; every
// diagnostic is rendered.
#include <cstddef>
#include <cstdint>
#include <string>

#include "tests/support/limited_eval.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cairn;
  testsupport::Limits limits;
  limits.print_and_yaml = true;
  testsupport::evaluate_limited("fuzz.conf", std::string(reinterpret_cast<const char*>(data), size), limits);
  return 0;
}
