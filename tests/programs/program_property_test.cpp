// Property test of the evaluator on generated programs (program_gen.h): each program ends in
// a value or in diagnostics (never a crash, a hang or a leak: CI runs this under ASan), the
// same program evaluated twice prints the same JSON, and so does it without the evaluator's
// whole-call fast paths (eval::Options::fast_calls: direct calls, ready interpolations), and a value's JSON read back with
// std.deserialize 'Json exports to the same JSON (the serializer and the deserializer agree
// on every string and every number: integers of any size exactly, other numbers as the
// nearest double), and reading that JSON back again gives the same text.
//
//   cairn_program_property [--cases N] [--seed S] [--verbose 1]
//
// Exits 1 on the first counterexample, printing the program. Also fails when too few
// programs evaluate, or too few fail (a broken generator would make the property vacuous).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>

#include <nlohmann/json.hpp>

#include "tests/programs/program_gen.h"
#include "tests/support/limited_eval.h"

using namespace cairn;

namespace {

using testsupport::Outcome;

// A limit the evaluation ran into (stack, memory, time): where it strikes depends on how
// the evaluator got there, so two ways of evaluating need not agree on it.
bool hit_limit(const Outcome& o) {
  for (const char* code : {"E0406", "E0418", "E0419"})
    if (o.diagnostics.find(code) != std::string::npos) return true;
  return false;
}

Outcome run(const std::string& text, bool fast_calls = true) {
  testsupport::Limits limits;
  limits.fast_calls = fast_calls;
  limits.max_memory = size_t(256) << 20;
  limits.max_seconds = 10;
  Outcome out = testsupport::evaluate_limited("gen.conf", text, limits);
  if (out.value && !out.diagnostics.empty()) out.value = false; // a value with errors is an error
  return out;
}

} // namespace

int main(int argc, char** argv) {
  uint32_t cases = 2000;
  uint64_t seed = 1;
  bool verbose = false;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--cases")) cases = static_cast<uint32_t>(std::atol(argv[i + 1]));
    else if (!std::strcmp(argv[i], "--seed")) seed = std::strtoull(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--verbose")) verbose = std::atol(argv[i + 1]) != 0;
  }
  uint32_t values = 0, errors = 0;
  for (uint32_t c = 0; c < cases; ++c) {
    std::mt19937 rng(static_cast<uint32_t>(seed * 1000003u + c));
    std::string program = testgen::generate_program([&](uint32_t n) { return rng() % n; });
    Outcome first = run(program);
    auto fail = [&](const std::string& why, const std::string& detail) {
      std::printf("counterexample (case %u, seed %llu): %s\n\n%s\n%s\n", c, static_cast<unsigned long long>(seed),
                  why.c_str(), program.c_str(), detail.c_str());
      std::exit(1);
    };
    if (!first.value && first.diagnostics.empty()) fail("neither a value nor a diagnostic", "");
    Outcome again = run(program);
    if (again.value != first.value || again.json != first.json || again.diagnostics != first.diagnostics)
      fail("two evaluations differ", first.json + "\n---\n" + again.json + first.diagnostics + again.diagnostics);
    // The whole-call fast paths (direct calls, ready interpolations) change no result: the
    // same value, or the same errors, without them.
    Outcome slow = run(program, false);
    if (!hit_limit(first) && !hit_limit(slow) &&
        (slow.value != first.value || slow.json != first.json || slow.diagnostics != first.diagnostics))
      fail("the fast paths change the result", first.json + first.diagnostics + "\n--- without them:\n" + slow.json +
                                                   slow.diagnostics);
    if (verbose) std::printf("--- case %u\n%s%s\n", c, program.c_str(), first.value ? first.json.c_str() : first.diagnostics.c_str());
    if (!first.value) {
      ++errors;
      continue;
    }
    ++values;
    Outcome back = run("std.deserialize 'Json m%%%%%\"" + first.json + "\"%%%%%\n");
    if (!back.value) fail("its JSON does not read back", first.json + "\n" + back.diagnostics);
    // A non-integer exports as the nearest double, whose text may read back as an integer
    // (2e+299): the first round is compared as a double-reading JSON parser sees it, and
    // from then on the text is a fixed point (integers of any size read back exactly).
    if (back.json != first.json && nlohmann::json::parse(back.json) != nlohmann::json::parse(first.json))
      fail("its JSON reads back differently", first.json + "\n---\n" + back.json);
    if (back.json != first.json) {
      Outcome again_back = run("std.deserialize 'Json m%%%%%\"" + back.json + "\"%%%%%\n");
      if (again_back.json != back.json)
        fail("its JSON is not a fixed point of reading back", back.json + "\n---\n" + again_back.json);
    }
  }
  std::printf("%u programs: %u values (round-tripped through JSON), %u ended in diagnostics\n", cases, values, errors);
  if (cases >= 100 && (values * 10 < cases * 3 || errors * 20 < cases)) {
    std::printf("the generator is broken: too few programs evaluate or too few fail\n");
    return 1;
  }
  return 0;
}
