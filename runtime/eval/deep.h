// Deep forcing of values; see deep.cpp.
#pragma once

#include "runtime/eval/machine.h"

namespace cairn::eval {

struct DeepOptions {
  bool export_mode = false;         // skip not_exported fields, reject functions and variants
  bool require_definitions = true;  // a required field without a value is an error
  bool allow_unknown = false;       // export mode: unknown values are allowed (partial export)
};

// A task that forces every part of `v` and returns `v` forced.
Task* deep_task(Machine& m, Value v, DeepOptions opts);

} // namespace cairn::eval
