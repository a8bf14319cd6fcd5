// The edge property: evaluate a spec's edges once (every output unknown), then, for random
// sets of finished resources closed under dependencies, evaluate it again with exactly their
// outputs known (random values): every resource whose edges are all finished must have
// inputs with no unknown left, and so must the spec's outputs once everything is finished.
// That is the condition under which apply never meets E0612 ("its inputs still read the
// outputs of ..."). Used by edges_property_test.cpp and tests/fuzz/edges_fuzzer.cpp.
#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace cairn::testgen {

struct EdgeCheck {
  bool evaluated = false; // the edge pass succeeded (else `failure` holds its first error)
  uint32_t trials = 0;    // value evaluations that succeeded
  uint32_t checked = 0;   // resources checked over all trials
  std::string failure;    // empty when the property holds
};

EdgeCheck check_edges(const std::string& spec_text, std::mt19937& rng, uint32_t trials);

} // namespace cairn::testgen
