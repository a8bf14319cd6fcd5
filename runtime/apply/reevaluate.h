// Inputs that were unknown at plan time, evaluated again once the outputs they read are
// known: the final inputs of an action, checked against the plan.
#pragma once

#include <optional>
#include <set>
#include <string>

#include "providers/provider.h"
#include "runtime/graph/spec.h"
#include "runtime/plan/plan.h"

namespace cairn::apply {

struct FinalInputs {
  enum class Kind : uint8_t { Ready, Waiting, Error } kind = Kind::Error;
  resource::Value inputs;            // Ready: no unknowns left
  std::set<std::string> waiting_on;  // Waiting: addresses whose outputs are still unknown
  std::string error;                 // Error
};

// The final inputs of `change` from a fresh evaluation of the spec.
FinalInputs final_inputs(const plan::ResourceChange& change, const graph::Spec& spec,
                         providers::Provider& provider);

// Where `actual` contradicts the known parts of `planned`: the attribute path of the first
// difference, or nullopt when every known planned value holds.
std::optional<std::string> contradiction(const resource::Value& planned, const resource::Value& actual,
                                         const std::string& path = "");

} // namespace cairn::apply
