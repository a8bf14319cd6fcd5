// Checking a spec against the providers before planning: provider settings, resource types,
// and each resource's inputs (provider `validate`, which also fills defaults). Problems are
// reported at the spec's spans.
#pragma once

#include "providers/registry.h"
#include "runtime/graph/spec.h"

namespace cairn::plan {

// The provider configuration a resource uses.
std::string provider_name(const graph::DesiredResource& d);
bool configure_providers(const graph::Spec& spec, providers::Registry& registry,
                         diag::Diagnostics& diags);
bool validate_spec(graph::Spec& spec, providers::Registry& registry, diag::Diagnostics& diags);

} // namespace cairn::plan
