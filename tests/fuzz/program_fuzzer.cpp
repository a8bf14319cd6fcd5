// libFuzzer target for the evaluator on well-formed programs: the input bytes are the
// choices of the program generator (tests/programs/program_gen.h), so mutations explore
// programs that parse and mostly type, where byte mutations of source text rarely get.
// Every program must end in a value or in diagnostics, under low limits (limited_eval.h).
#include <cstddef>
#include <cstdint>
#include <string>

#include "tests/programs/program_gen.h"
#include "tests/support/limited_eval.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cairn;
  size_t at = 0;
  std::string program = testgen::generate_program([&](uint32_t n) -> uint32_t {
    if (at >= size) return 0;
    uint32_t v = data[at++];
    if (n > 256 && at < size) v = v << 8 | data[at++];
    return v % n;
  });
  testsupport::Limits limits;
  limits.print_and_yaml = true;
  testsupport::evaluate_limited("gen.conf", program, limits);
  return 0;
}
