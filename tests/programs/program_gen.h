// Random well-formed programs of the language, for the program property test and the
// program fuzzer: recursive records with static, quoted and dynamic field names, sibling
// references, field paths, merges with priorities (`default`, `force`), contracts (types,
// record contracts, predicates), let and recursive let, functions and their application,
// std calls on arrays, records and strings, serialization and deserialization of generated
// text (JSON, YAML, TOML), string interpolation of every kind of value, `if` and `match`.
//
// The generator tracks the type of what it builds (number, string, bool, record, array), so
// most programs evaluate; some fail on purpose (a contract broken, a field missing) and
// must end in diagnostics. Field names a program selects are names it defined.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace cairn::testgen {

// Choices come from `next(n)`, a number in [0, n): a PRNG, or a fuzzer's bytes.
using ProgramChooser = std::function<uint32_t(uint32_t n)>;

std::string generate_program(const ProgramChooser& next);

} // namespace cairn::testgen
