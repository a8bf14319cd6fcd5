// Refresh: ask each resource's provider to read the real object, so the plan starts from
// what exists rather than what state remembers. Objects deleted outside cairn drop out of
// the refreshed records (the plan creates them again); objects changed outside cairn get
// their real inputs and outputs (the plan updates them back).
#pragma once

#include <map>
#include <string>

#include "compiler/diag/diagnostic.h"
#include "providers/registry.h"
#include "runtime/resource/record.h"

namespace cairn::plan {

struct Refreshed {
  std::map<std::string, resource::ResourceRecord> records;
  std::map<std::string, std::string> drift; // address -> what changed outside cairn
};

// Reads every record's object; false (with diagnostics) when a provider fails to read.
bool refresh(const std::map<std::string, resource::ResourceRecord>& recorded,
             providers::Registry& registry, Refreshed* out, diag::Diagnostics& diags);

} // namespace cairn::plan
