// Finding the resources of a spec in the language, and building the record of outputs
// merged into it, for conf_spec.cpp.
//
// `discover` walks `resources` with an explicit stack, forcing records only (never inputs):
// a record with a `type` field is a resource, any other record groups resources. A field
// whose value is unknown (it depends on outputs) is an E0607 error naming the outputs;
// a field that fails to evaluate is skipped so the walk still finds every other resource.
// `injection` builds `{ a = { b = { outputs = ... } } }` for every resource found, with the
// known outputs as tracked records and an unknown (depending on the resource) otherwise.
#pragma once

#include "runtime/eval/evaluator.h"
#include "runtime/graph/spec.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace cairn::graph {

struct Found {
  std::vector<std::string> path; // below `resources`
  std::string address;
  std::string type; // when a string (filled in by conf_spec.cpp for the edge pass)
  base::Loc loc;                                             // the resource's definition
  std::vector<std::pair<std::string, base::Loc>> field_locs; // where its fields are defined
};

struct Discovery {
  std::vector<Found> found;              // sorted by address
  bool failed = false;                   // some field could not be evaluated (diagnostics reported)
  bool unknown_set = false;              // some field was unknown (E0607 reported)
  std::map<std::string, base::Loc> locs; // every address walked -> its definition
};

// `addresses[i]` names unknowns' dependency `i` in messages. A walk of a merged spec (whose
// records no longer know their literals' positions) takes positions from `prior`'s.
Discovery discover(eval::Evaluator& ev, eval::Value resources, base::Loc resources_loc,
                   const std::vector<std::string>& addresses, diag::Diagnostics& diags,
                   const Discovery* prior = nullptr);

// The record to merge under `resources`; `known` outputs by address, every other resource
// unknown. With `all_unknown`, every resource's outputs are unknown. `unknown_outputs`
// (when given) makes the unknown outputs of a resource (else `ev.unknown({id})`).
eval::Value injection(eval::Evaluator& ev, const std::vector<Found>& found, const OutputsMap& known,
                      bool all_unknown = false,
                      const std::function<eval::Value(uint32_t)>& unknown_outputs = nullptr);

bool has_field(eval::Evaluator& ev, eval::Value record, const std::string& name);

} // namespace cairn::graph
