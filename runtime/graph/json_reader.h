// A JSON reader that keeps spans, for specs written in JSON: errors in such specs point at
// the offending member like errors in the language do.
//
// Nesting is limited to resource::kMaxValueDepth levels (reported, never a stack overflow).
// Duplicate keys are errors. Never throws.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/diag/diagnostic.h"
#include "runtime/resource/value.h"

namespace cairn::graph {

struct JsonNode;
struct JsonMember {
  std::string key;
  base::Span key_span;
  std::vector<JsonNode> value; // exactly one node (a vector keeps JsonNode incomplete-safe)
};

struct JsonNode {
  resource::ValueKind kind = resource::ValueKind::Null;
  base::Span span;
  bool boolean = false;
  std::string text;                 // string contents or canonical number text
  std::vector<JsonNode> elements;   // arrays
  std::vector<JsonMember> members;  // objects, in source order
  const JsonNode* find(std::string_view key) const;
  const JsonMember* find_member(std::string_view key) const;
};

std::optional<JsonNode> read_json(const base::SourceMap& sources, base::FileId file,
                                  diag::Diagnostics& diags);
resource::Value to_value(const JsonNode& node);

} // namespace cairn::graph
