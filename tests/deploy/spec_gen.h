// Random well-formed specs whose inputs read other resources' outputs in every way the
// language allows: through std calls (strings, arrays, records, serialization), maps,
// folds, filters and sorts, records and merges, `if` and `match` on outputs, string
// interpolation, helper functions and shared bindings, nested groups. Used by the edge
// property test (edges_property_test.cpp) and the edges fuzzer (tests/fuzz): whatever
// values the outputs take, a resource's inputs must be known once the outputs of its
// edges are.
//
// Resource i may read resources j < i only, directly or through shared bindings, so specs
// have no cycles. Every read is `resources.<address>.outputs.id`, a string from
// `kOutputValues` when known, so conditions on outputs go both ways.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace cairn::testgen {

// The values a generated spec's outputs take in the tests.
inline const std::vector<std::string> kOutputValues = {"a", "b", "ab", ""};

struct GeneratedSpec {
  std::string text;
  std::vector<std::string> addresses; // in generation order (i reads only j < i)
};

// Choices come from `next(n)`, a number in [0, n): a PRNG, or a fuzzer's bytes.
using Chooser = std::function<uint32_t(uint32_t n)>;

GeneratedSpec generate_spec(const Chooser& next);

} // namespace cairn::testgen
