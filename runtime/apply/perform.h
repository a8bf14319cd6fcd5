// Performing one action with its provider (on a worker thread): create, update, replace in
// either order, delete. Pure with respect to the engine: it returns what happened and the
// record to store, and never touches state itself.
#pragma once

#include <optional>

#include "providers/provider.h"
#include "runtime/plan/plan.h"

namespace cairn::apply {

struct Outcome {
  bool ok = false;
  std::string error;
  // The record to store (create, update, replace), or nullopt to remove it (delete, or a
  // replace that destroyed the old object and failed to create the new one).
  std::optional<resource::ResourceRecord> record;
  bool touch_state = false; // whether `record` changes state at all
  double seconds = 0;
};

// `inputs` are the final inputs (no unknowns) for create, update and replace. The prior
// object is destroyed through `prior_provider` (which differs when the type changed).
Outcome perform(const plan::ResourceChange& change, const resource::Value& inputs,
                providers::Provider& provider, providers::Provider& prior_provider);

} // namespace cairn::apply
