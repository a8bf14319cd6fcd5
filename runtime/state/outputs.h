// The spec's outputs as stored in state: `stacks/<stack>/outputs.json` and the journal's
// `{"outputs": ...}` lines.
//
// Format 2 (written since `cairn output`) says which outputs are sensitive:
//   {"format": 2, "outputs": {"<name>": {"value": <json>}, "<name>": {"sensitive": true, "value": <json>}}}
// Format 1 (older states) is the bare map `{"<name>": <json>}`, read with no output
// sensitive. A document is format 2 exactly when its members are `format` (the number 2) and
// `outputs` (an object); anything else is read as format 1. Readers never throw.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "runtime/resource/json.h"
#include "runtime/resource/json_writer.h"

namespace cairn::state {

struct StoredOutputs {
  resource::Value values = resource::Value::object();
  std::vector<std::string> sensitive; // names of sensitive outputs, sorted, each in `values`
};

// Writes the format-2 document; `sensitive` names outside `values` are dropped.
void write_outputs(resource::JsonWriter& w, const resource::Value& values, const std::vector<std::string>& sensitive);
// Either format; nullopt (with `why`) when it is not an object of outputs.
std::optional<StoredOutputs> outputs_from_json(const resource::Json& j, std::string* why);

} // namespace cairn::state
