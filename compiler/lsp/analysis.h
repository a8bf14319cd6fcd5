// What the language server's features know about a compilation unit, without JSON: the
// node at an offset, scopes, and a static reading of records through variables, imports,
// `let`, merges and field selections ("which record does `local.File` denote, and what
// are its fields' contracts and docs?").
//
//   Analysis a(unit);
//   ast::NodeId n = a.node_at(offset);
//   std::vector<Ref> recs = a.records_of({a.root(), some_expr});
//   for (Ref f : a.fields(recs)) a.describe(f) ...
//
// The static reading never evaluates and never recurses on the input: work lists with a
// step budget (kBudget), so cyclic definitions (`let rec x = x.a in`) end. It may find
// nothing (a record built by a function call): features then offer less, never wrong
// things.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compiler/workspace/workspace.h"

namespace cairn::lsp {

// A node of one module; for a Field node, `depth` names one element of its path (the
// field `b` of `a.b.c = ...` is depth 1), and as a record a Field stands for the record
// holding its path element `depth`.
struct Ref {
  const resolve::Module* module = nullptr;
  ast::NodeId node;
  uint32_t depth = 0;
  bool valid() const { return module && node.valid(); }
};

// What a record field says about itself.
struct FieldInfo {
  std::string name;
  std::string type;                   // the `: T` annotation's text
  std::vector<std::string> contracts; // each `| C`'s text
  std::string doc;
  std::string default_value; // the value's text when the field is `| default`
  std::string value;         // the value's text (shortened), else ""
  bool optional = false;
};

class Analysis {
public:
  static constexpr int kBudget = 2000;

  explicit Analysis(workspace::Unit& unit);
  workspace::Unit& unit() { return unit_; }
  const resolve::Module* root() const { return root_; }
  std::string_view text(Ref r) const;
  std::string_view text(const resolve::Module* m, base::Span s) const;

  ast::NodeId parent(const resolve::Module* m, ast::NodeId n);
  // The innermost node of the root module whose span contains `offset` (or ends at it).
  ast::NodeId node_at(uint32_t offset);

  // The records an expression denotes (Record nodes, or Field nodes as path records).
  std::vector<Ref> records_of(Ref expr);
  // The fields of those records named `name` (every one, through merges).
  std::vector<Ref> fields_named(const std::vector<Ref>& records, std::string_view name);
  // Every field of those records, by name (first definition first).
  std::vector<std::pair<std::string, std::vector<Ref>>> all_fields(const std::vector<Ref>& records);
  // The value of a field (its next path record for an inner path element).
  std::vector<Ref> field_value_records(Ref field);
  FieldInfo describe(Ref field);
  // The records of the contracts and types annotating a field or an Annot node's Meta.
  std::vector<Ref> contract_records(Ref field);
  // The contracts that apply to the fields of a record literal: its own annotations and,
  // through the fields holding it, those of enclosing records' contracts.
  std::vector<Ref> record_contracts(Ref record);

  // What a variable refers to: the binder pattern, the Field of a recursive record, or the
  // standard library's root; none for unbound ones.
  std::optional<Ref> binder_of(Ref var);
  // The names in scope at `offset` in the root module, innermost first, each with its
  // binder (a pattern node or a Field).
  std::vector<std::pair<std::string, Ref>> scope_at(uint32_t offset);
  // The value expression a binder stands for (a let binding's value, a field's value).
  std::optional<Ref> bound_value(Ref binder);
  // The standard library's root record, when loaded.
  std::optional<Ref> std_root();
  // The Field nodes (depth: path element) of the root module defining `name` in `record`.
  Ref module_root(uint32_t module_id) const;

private:
  workspace::Unit& unit_;
  const resolve::Module* root_ = nullptr;
  std::unordered_map<const resolve::Module*, std::vector<ast::NodeId>> parents_;
};

// The kinds of node the features about names tell apart (hover, go to definition,
// semantic tokens, a binder's value); every other kind is Other. name_node() is the one
// switch over NodeKind for them, so a kind added to node_kind.def is placed there once and
// the features switch over this short list.
enum class NameNode : uint8_t { Other, Var, Import, Record, Field, PatAny, PatAlias, Name };
NameNode name_node(ast::NodeKind kind);

// The text of a field path element (a Name, or a string without interpolation), else "".
std::string element_name(const ast::File& f, ast::NodeId e);
// Element `depth` of a Field node's path, or none.
ast::NodeId path_element(const ast::File& f, ast::NodeId field, uint32_t depth);
// The number of elements of a Field node's path.
uint32_t path_length(const ast::File& f, ast::NodeId field);

// The source text of a node shortened to one line of at most `max` characters.
std::string shorten(std::string_view text, size_t max = 80);

} // namespace cairn::lsp
