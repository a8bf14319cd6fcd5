// Between the evaluator's values and the deployment engine's plain data, for
// conf_spec.cpp: converting a deep-forced value (unknowns kept) to a `resource::Value`,
// building the records of outputs to merge into a spec, and finding where a field of a
// record is defined.
#pragma once

#include "runtime/eval/evaluator.h"
#include "runtime/resource/value.h"

#include <optional>
#include <string>
#include <vector>

namespace cairn::graph {

// Tracked-record id for records that only give structure (reads are not outputs).
inline constexpr uint32_t kNotAResource = 0xffffffffu;
// The dependency that marks an unknown of the edge pass as coming from a sensitive value
// (a `Sensitive` output or input): whatever is computed from it depends on it too, so it
// taints everything derived from the secret (docs/deploy.md, "Sensitive values").
inline constexpr uint32_t kSensitiveDep = 0xfffffffeu;

// Converts a deep-forced value; unknown leaves get the addresses of their dependencies
// (`addresses[id]`). nullopt with `why` when the value is too deep or holds a function.
// `*sensitive` (when given) is set when some unknown leaf depends on kSensitiveDep.
std::optional<resource::Value> to_plain(eval::Evaluator& ev, eval::Value v,
                                        const std::vector<std::string>& addresses,
                                        std::string* why, bool* sensitive = nullptr);

// The evaluator value of recorded outputs: a record tracked as `id` (reads are reported),
// with unknown leaves depending on `id`.
eval::Value outputs_value(eval::Evaluator& ev, const resource::Value& outputs, uint32_t id);

// Where field `name` of a record (in weak head normal form) is defined, when known.
base::Loc field_definition(base::Names& names, eval::Value record, std::string_view name);

} // namespace cairn::graph
