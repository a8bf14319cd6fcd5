// Turning one resource record into a `DesiredResource`: the meta fields (`type`,
// `depends_on`, `lifecycle`, `provider`, `outputs`) are read and checked, every other field
// becomes an input. Shared by every SpecEvaluator so JSON and language specs agree.
#pragma once

#include <string>
#include <vector>

#include "runtime/graph/spec.h"

namespace cairn::graph {

struct Field {
  std::string name;
  Value value;
  base::Loc loc; // may be invalid
};

// Fills `out` (whose address and loc are set) from the record's fields; reports problems
// and returns false when a meta field is malformed.
bool read_resource(std::vector<Field> fields, DesiredResource& out, diag::Diagnostics& diags);

// "the outputs of `a` and `b`": names where an unknown came from, for messages.
std::string describe_unknown_origin(const Value& v);

} // namespace cairn::graph
