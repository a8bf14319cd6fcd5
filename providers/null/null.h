// The `null` provider: resources with no real object, for tests and benchmarks.
//
//   null.Resource  inputs triggers (any record; a change replaces the resource),
//                  delay_ms (each operation sleeps this long), fail (create and update fail)
//                  outputs id (derived from the address and triggers)
#pragma once

#include <memory>

#include "providers/provider.h"

namespace cairn::providers {

std::unique_ptr<Provider> make_null_provider();

} // namespace cairn::providers
