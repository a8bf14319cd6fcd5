// Deep forcing of values; see deep.cpp.
#pragma once

#include "runtime/eval/machine.h"

namespace cairn::eval {

// Levels of records and arrays that printing and export accept: the YAML and TOML libraries
// recurse on nesting, and indentation makes printed size grow with depth squared.
// `std.deep_seq`, which only forces, allows kMaxForceDepth.
inline constexpr size_t kMaxExportDepth = 1000;
inline constexpr size_t kMaxForceDepth = size_t(1) << 20;

struct DeepOptions {
  size_t max_depth = kMaxExportDepth;
  // Where errors about values with no source location of their own (imported data) point;
  // Evaluator::deep_force fills it with the start of the last evaluated file.
  base::Loc origin;
  bool export_mode = false;         // skip not_exported fields, reject functions and variants
  bool require_definitions = true;  // a required field without a value is an error
  bool allow_unknown = false;       // export mode: unknown values are allowed (partial export)
};

// A task that forces every part of `v` and returns `v` forced.
Task* deep_task(Machine& m, Value v, DeepOptions opts);

} // namespace cairn::eval
