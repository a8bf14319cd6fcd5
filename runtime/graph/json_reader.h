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

struct JsonMember;

struct JsonNode {
  resource::ValueKind kind = resource::ValueKind::Null;
  bool boolean = false;
  base::Span span;
  std::string text;                 // string contents or canonical number text
  std::vector<JsonMember> members;  // object members in source order; array elements (no key)
  const JsonNode* find(std::string_view key) const;
  const JsonMember* find_member(std::string_view key) const;
};

struct JsonMember {
  std::string key;
  base::Span key_span;
  JsonNode value;
};

std::optional<JsonNode> read_json(const base::SourceMap& sources, base::FileId file,
                                  diag::Diagnostics& diags);
// The value of a node; consumes the node's strings.
resource::Value to_value(JsonNode&& node);

} // namespace cairn::graph
