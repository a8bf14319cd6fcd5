// Property test of the deployment engine's edges (docs/deploy.md, "Edges"): thousands of
// random specs (spec_gen.h) whose resources read each other's outputs through std calls,
// branches, matches, records and shared bindings; for each, the edges from the edge pass
// must cover every read that an apply-time evaluation performs (edge_check.h).
//
//   cairn_edges_property [--cases N] [--seed S] [--trials T] [--verbose 1]
//
// Exits 1 on the first counterexample, printing the spec. Also fails when too few
// generated specs evaluate at all (a broken generator would make the property vacuous).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>

#include "tests/deploy/edge_check.h"
#include "tests/deploy/spec_gen.h"

using namespace cairn;

int main(int argc, char** argv) {
  uint32_t cases = 2000, trials = 4;
  uint64_t seed = 1;
  bool verbose = false;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--cases")) cases = static_cast<uint32_t>(std::atol(argv[i + 1]));
    else if (!std::strcmp(argv[i], "--seed")) seed = std::strtoull(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--trials")) trials = static_cast<uint32_t>(std::atol(argv[i + 1]));
    else if (!std::strcmp(argv[i], "--verbose")) verbose = std::atol(argv[i + 1]) != 0;
  }
  uint32_t evaluated = 0, checked = 0, value_trials = 0;
  std::string first_error;
  for (uint32_t c = 0; c < cases; ++c) {
    std::mt19937 rng(static_cast<uint32_t>(seed * 1000003u + c));
    testgen::GeneratedSpec spec = testgen::generate_spec([&](uint32_t n) { return rng() % n; });
    testgen::EdgeCheck r = testgen::check_edges(spec.text, rng, trials);
    if (r.evaluated && !r.failure.empty()) {
      std::printf("counterexample (case %u, seed %llu): %s\n\n%s\n", c, static_cast<unsigned long long>(seed),
                  r.failure.c_str(), spec.text.c_str());
      return 1;
    }
    if (!r.evaluated && first_error.empty()) first_error = r.failure + "\n" + spec.text;
    if (!r.evaluated && verbose) std::printf("case %u does not evaluate: %s\n%s\n", c, r.failure.c_str(), spec.text.c_str());
    evaluated += r.evaluated;
    checked += r.checked;
    value_trials += r.trials;
  }
  std::printf("%u specs, %u evaluated, %u value evaluations, %u resources checked\n", cases, evaluated,
              value_trials, checked);
  if (evaluated * 10 < cases * 9) {
    std::printf("too few generated specs evaluate; the first failure:\n%s\n", first_error.c_str());
    return 1;
  }
  return 0;
}
