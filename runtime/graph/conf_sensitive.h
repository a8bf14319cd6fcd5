// Sensitive values in specs in the language, for conf_spec.cpp: which values come from
// secrets, found by the edge pass the way edges are (docs/deploy.md, "Sensitive values").
//
// Sources: outputs marked `Sensitive` in a provider's contract, and inputs a provider holds
// sensitive (marked `Sensitive`, or made so by other inputs, like a local.File with
// `sensitive = true`). In the edge pass, a sensitive output is an unknown that also depends
// on kSensitiveDep; a second edge pass (only when some resource has sensitive inputs)
// overrides each sensitive input with such an unknown. Whatever is computed from them
// depends on kSensitiveDep too, so every input and output derived from a secret is known.
#pragma once

#include <string>
#include <vector>

#include "runtime/graph/conf_discover.h"

namespace cairn::graph {

// The built-in provider managing `type` knows which of its outputs are sensitive: for the
// edge pass, a resource's outputs as a record of unknowns (the sensitive ones tainted), or
// plain `ev.unknown({id})` when none is.
eval::Value edge_outputs(eval::Evaluator& ev, const std::string& type, uint32_t id);

// The inputs of a resource that its provider holds sensitive (built-in providers).
std::vector<std::string> sensitive_inputs(const std::string& type, const resource::Value& inputs);

// Whether field `name` of `record` carries a `Sensitive` mark (`| schema.Sensitive`, or a
// contract named `sensitive`), as an output of the spec must when it shows a secret.
bool marked_sensitive(eval::Evaluator& ev, eval::Value record, const std::string& name);

} // namespace cairn::graph
