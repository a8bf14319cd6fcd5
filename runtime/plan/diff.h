// Diffing one resource: desired inputs against the refreshed record decide the action.
//
//   not in state                 -> create
//   type changed, a force-new input changed (or unknown), `--replace` -> replace
//   other inputs changed         -> update
//   nothing changed              -> no-op
//   in state, not in the spec    -> delete (delete_change)
// `lifecycle.ignore_changes` inputs keep their recorded values before comparing. Values sealed
// in state that no identity opened (records in `sealed_records`, runtime/state/secrets.h)
// compare as unchanged, and so do inputs unknown only because they read them.
#pragma once

#include <set>

#include "providers/provider.h"
#include "runtime/graph/spec.h"
#include "runtime/plan/plan.h"

namespace cairn::plan {

ResourceChange diff_resource(const graph::DesiredResource& desired,
                             const resource::ResourceRecord* prior, providers::Provider& provider,
                             const std::string& provider_name,
                             std::vector<std::string> dependencies, bool replace_requested,
                             const std::set<std::string>& sealed_records = {});

ResourceChange delete_change(const resource::ResourceRecord& prior, providers::Provider* provider);

} // namespace cairn::plan
