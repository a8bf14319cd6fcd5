// libFuzzer target for the deployment engine's edges: the input's bytes are the choices
// of the spec generator (tests/deploy/spec_gen.h), so every input is a well-formed spec
// whose resources read each other's outputs; the edge property (tests/deploy/edge_check.h)
// must hold for it, and the first byte seeds the values outputs take. A counterexample
// aborts with the spec on stderr.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "tests/deploy/edge_check.h"
#include "tests/deploy/spec_gen.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cairn;
  size_t pos = 0;
  testgen::GeneratedSpec spec = testgen::generate_spec([&](uint32_t n) -> uint32_t {
    if (pos >= size) return 0;
    uint32_t v = data[pos++];
    if (n > 256 && pos < size) v = v << 8 | data[pos++];
    return v % n;
  });
  std::mt19937 rng(size ? data[0] : 0);
  testgen::EdgeCheck r = testgen::check_edges(spec.text, rng, 3);
  if (r.evaluated && !r.failure.empty()) {
    std::fprintf(stderr, "edge property broken: %s\n\n%s\n", r.failure.c_str(), spec.text.c_str());
    std::abort();
  }
  return 0;
}
