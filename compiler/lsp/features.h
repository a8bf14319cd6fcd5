// The language server's features, protocol-free: byte offsets and spans in, plain structs
// out (server.cpp turns them into LSP JSON with UTF-16 positions). Each takes an Analysis
// of the document's unit (analysis.h) and never throws; on half-typed code it answers
// with what it can find.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/lsp/analysis.h"

namespace cairn::lsp {

struct HoverResult {
  std::string markdown;
  base::Span range;
};
std::optional<HoverResult> hover(Analysis& a, uint32_t offset);

struct CompletionResult {
  enum Kind : uint8_t { Field, Variable, Function, Module, Keyword };
  std::string label;
  Kind kind = Field;
  std::string detail;
  std::string doc;
};
// `text` is the document's current text (the unit may be of an older, parseable version).
std::vector<CompletionResult> complete(Analysis& a, std::string_view text, uint32_t offset);

// A place in a module of the unit.
struct Target {
  const resolve::Module* module = nullptr;
  base::Span span;
};
std::vector<Target> definition(Analysis& a, uint32_t offset);
// Uses of what is at `offset` in the root module (variables, and field selections that
// resolve to the same field), with its declaration when `declaration` and it is there.
std::vector<base::Span> references(Analysis& a, uint32_t offset, bool declaration);
// The identifier at `offset` when it can be renamed (its binder is in the root module).
std::optional<base::Span> rename_range(Analysis& a, uint32_t offset);

struct Symbol {
  enum Kind : uint8_t { Field, Object, Function, Variable };
  std::string name;
  std::string detail;
  Kind kind = Field;
  base::Span range, selection;
  std::vector<Symbol> children;
};
// Of the root module, or of `module` (another module of the unit: workspace symbols).
std::vector<Symbol> symbols(Analysis& a, const resolve::Module* module = nullptr);

// Multi-line records, arrays, matches, multiline strings and runs of comment lines, as
// byte spans (the server turns them into line ranges).
std::vector<base::Span> folds(Analysis& a);

struct SignatureResult {
  std::string label;
  std::string doc;
  std::vector<std::string> parameters;
  uint32_t active = 0;
};
std::optional<SignatureResult> signature(Analysis& a, uint32_t offset);

// A quick fix (actions.cpp): replace [begin, end) of a diagnostic's range, whose text is
// `wrong`, by `replacement`.
struct QuickFix {
  uint32_t begin = 0, end = 0; // bytes, relative to the range's start
  std::string wrong, replacement;
};
// The fixes the "did you mean `x`?" suggestions of a diagnostic's message make, given the
// text of its range; none when the misspelling is not found there.
std::vector<QuickFix> suggestion_fixes(std::string_view message, std::string_view range_text);

// Semantic tokens (semantic.cpp), sorted, none spanning lines. The legend (the server's
// `tokenTypes`) lists the types in this order.
struct SemanticToken {
  enum Kind : uint8_t { Keyword, Type, Number, String, Comment, EnumMember, Variable, Property, Parameter, Operator, Namespace };
  uint32_t begin = 0, end = 0;
  Kind type = Keyword;
  bool declaration = false;
};
inline constexpr const char* kSemanticTypes[] = {"keyword",  "type",     "number",    "string",   "comment",  "enumMember",
                                                 "variable", "property", "parameter", "operator", "namespace"};
std::vector<SemanticToken> semantic_tokens(Analysis& a, std::string_view text);

// The document formatted by `cairn fmt`'s formatter (format_range.cpp); nullopt when it has
// syntax errors (the published diagnostics already say where).
std::optional<std::string> format_document(const std::string& path, const std::string& text);

// Range formatting (format_range.cpp): the edits turning `before` into `after` (the
// formatted text) limited to the runs of changed lines that touch lines [first, last] of
// `before`; offsets are bytes of `before`.
struct RangeEdit {
  uint32_t begin = 0, end = 0;
  std::string text;
};
std::vector<RangeEdit> range_format_edits(std::string_view before, std::string_view after, uint32_t first_line,
                                          uint32_t last_line);

// Deployment specs (deploy.cpp). The path from the root record of the field a name at
// `offset` defines (`resources.web.config` for `config` in `resources.web.config = ...` or
// in `resources = { web.config = ... }`); empty when the name is no field of the root.
std::vector<std::string> field_path_at(Analysis& a, uint32_t offset);
// The name of the field at `path` from the root record, where the root module defines it.
std::optional<base::Span> field_span(Analysis& a, const std::vector<std::string>& path);

} // namespace cairn::lsp
