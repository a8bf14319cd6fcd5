// The resolve phase: every variable use to its binding, every import to its module.
//
//   std::optional<uint32_t> root = resolve::load_root(program, file, diags);
//
// Parses the file, resolves its scopes (let, fun and match patterns, fields of recursive
// records, `forall` type variables, `std`), then loads and resolves every file it imports,
// transitively, each once. Unbound identifiers (with a "did you mean"), missing or
// malformed imports are diagnostics; files may import each other in a cycle (modules are
// lazy values). Returns the root module's id, or nullopt when something failed.
//
// `load_std` loads the embedded standard library root (stdlib/std.conf); its submodules
// load lazily through `ensure_module` when the evaluator first imports them.
#pragma once

#include <optional>

#include "compiler/diag/diagnostic.h"
#include "compiler/resolve/program.h"

namespace cairn::resolve {

std::optional<uint32_t> load_root(Program& program, base::FileId file, diag::Diagnostics& diags);

// Resolves the scopes of one parsed language module (fills `bindings`, `self_ref` and
// the import table, loading imported files). Used by load_root and for REPL inputs.
bool resolve_module(Program& program, Module& module, diag::Diagnostics& diags);

// The standard library root module (loading it on first use).
std::optional<uint32_t> load_std(Program& program, diag::Diagnostics& diags);

// Resolves a module that was registered but not resolved yet (lazy std submodules).
bool ensure_module(Program& program, uint32_t id, diag::Diagnostics& diags);

// Parses JSON, YAML or TOML text into a JSON tree (dates become strings); nullopt with the
// position (a byte offset, or a line and column) and the reason on error. A number a
// double cannot hold (an integer beyond 64 bits, more than 15 significant digits; in YAML
// also 1e309 and 1e-400) is kept exact: a binary
// node of subtype kExactNumber holding the number's text, which the evaluator reads as an
// exact rational. An empty YAML file is null.
constexpr uint8_t kExactNumber = 0x6e;
struct DataError {
  int64_t offset = -1;
  uint32_t line = 1, column = 1;
  std::string message;
};
std::optional<nlohmann::json> parse_data_text(Format format, std::string_view text, DataError* err);

// Edit distance used for "did you mean" suggestions (exposed for tests).
uint32_t edit_distance(std::string_view a, std::string_view b);
// The candidate closest to `name`, if close enough to suggest.
std::optional<std::string_view> closest_name(std::string_view name, const std::vector<std::string_view>& candidates);

} // namespace cairn::resolve
