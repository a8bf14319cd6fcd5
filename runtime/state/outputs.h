// The spec's outputs as stored in state: `stacks/<stack>/outputs.json` and the journal's
// `{"outputs": ...}` lines.
//
// Format 2 (written since `cairn output`) says which outputs are sensitive:
//   {"format": 2, "outputs": {"<name>": {"value": <json>}, "<name>": {"sensitive": true, "value": <json>}}}
// A sensitive output's value is kept only as age ciphertext (secrets.h):
//   "<name>": {"sensitive": true, "age": "<base64 of the age file of the value's JSON>"}
// Format 1 (older states) is the bare map `{"<name>": <json>}`, read with no output
// sensitive. A document is format 2 exactly when its members are `format` (the number 2) and
// `outputs` (an object); anything else is read as format 1. Readers never throw.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "runtime/resource/json.h"
#include "runtime/resource/json_writer.h"

namespace cairn::state {

struct StoredOutputs {
  resource::Value values = resource::Value::object();
  std::vector<std::string> sensitive; // names of sensitive outputs, sorted, each in `values`
  // Sealed outputs not opened (their values read as unknowns): name -> ciphertext.
  std::map<std::string, std::string> sealed;
};

// Writes the format-2 document; `sensitive` names outside `values` are dropped, and the
// value of a sensitive output in `sealed` is written as its ciphertext.
void write_outputs(resource::JsonWriter& w, const resource::Value& values, const std::vector<std::string>& sensitive,
                   const std::map<std::string, std::string>& sealed = {});
// Either format; nullopt (with `why`) when it is not an object of outputs.
std::optional<StoredOutputs> outputs_from_json(const resource::Json& j, std::string* why);

// Seals every sensitive output into `*sealed`: known values are encrypted for `recipients`;
// unknown ones (read without an identity) keep their ciphertext from `before`. False (with
// `why`) when that is impossible.
bool seal_outputs(const resource::Value& values, const std::vector<std::string>& sensitive,
                  const std::vector<std::string>& recipients, const std::map<std::string, std::string>& before,
                  std::map<std::string, std::string>* sealed, std::string* why);
// Opens what `identities` can of `out.sealed`, putting the values back.
void open_outputs(StoredOutputs& out, const std::vector<std::string>& identities);

} // namespace cairn::state
