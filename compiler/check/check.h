// The type checker phase: a parsed file in, types and run-time guards out.
//
//   check::Result r = check::check(sources, file, options, diags);
//
// Gradual typing, as in Nickel: code is *untyped* by default and only checked for
// well-scopedness (unbound identifiers, unbound type variables). An annotation `e : T`
// (inline, on a let binding or on a record field) opens a *typed block*: `e` is checked
// against `T` with bidirectional inference and unification (polymorphism with `forall`,
// row-polymorphic records and enums, record-to-dictionary subtyping). A contract
// annotation `e | C` switches checking off again inside a typed block; the checker trusts
// that `e` has type `C`. With `strict`, the whole file is one typed block.
//
// Output, for the later phases:
//   - `types`: the type of every expression of a typed block, keyed by NodeId (hover).
//   - `contracts`: where the evaluator must guard a boundary between typed and untyped
//     code with a run-time contract (see ContractSite and docs/design/typecheck.md).
// The checker never throws; problems become diagnostics with codes E03xx.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/base/source.h"
#include "compiler/check/types.h"
#include "compiler/diag/diagnostic.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::check {

// Where the checker finds the modules an `import` names: the standard library's submodules
// and the files a checked file imports. Implemented by the driver (later by resolve).
class ModuleSource {
public:
  virtual ~ModuleSource() = default;
  // The parsed language module imported by the Import node `import` of `from` (whose path
  // is `path`); null when it is not a language file or cannot be loaded (the loader
  // reports why, once).
  virtual const ast::File* module(const ast::File& from, ast::NodeId import,
                                  std::string_view path) = 0;
};

struct Options {
  // Check the whole file as one typed block (`cairn typecheck --strict`).
  bool strict = false;
  // The standard library, parsed: the type of `std` is read from the type annotations of
  // its fields (they are trusted, not checked), following its imports of submodules
  // through `modules`. Null: `std` has type `Dyn`.
  const ast::File* std_file = nullptr;
  // Imported modules. Null: every import has type `Dyn`.
  ModuleSource* modules = nullptr;
  // The file is part of the standard library: `__prim` (the builtins) is in scope, each
  // use of a builtin getting a fresh type inferred from the use (builtins are trusted).
  bool std_internals = false;
  // Report unbound identifiers (off when the resolve phase has already reported them).
  bool report_unbound = true;
};

// A place where the evaluator must apply a type as a run-time contract.
struct ContractSite {
  enum class Kind : uint8_t {
    // A typed block entered from untyped code: `node` is the Annot expression, the
    // LetBinding or the Field carrying the `: T` annotation, `annot` its TypeAnnot node.
    // Untyped callers must be blamed when they pass a wrong value into the block.
    TypedBlock,
    // A value from untyped code used in a typed block under a type that merging could
    // invalidate (a field of an enclosing recursive record, typed by its literal): `node`
    // is the Var in the typed block, `annot` is none; apply `type` to the variable's value.
    UntypedValue,
  };
  Kind kind;
  ast::NodeId node;
  ast::NodeId annot;
  TypeId type; // the annotation's type, with wildcards solved where the checker could
};

struct Result {
  explicit Result(base::Names* names) : types(std::make_unique<TypeStore>(names)) {}

  std::unique_ptr<TypeStore> types;
  // Indexed by NodeId; none for nodes outside typed blocks.
  std::vector<TypeId> node_types;
  std::vector<ContractSite> contracts;
  uint32_t error_count = 0;

  bool ok() const { return error_count == 0; }
  TypeId type_of(ast::NodeId node) const {
    return node.index < node_types.size() ? node_types[node.index] : TypeId();
  }
  // The type of a node as text (`Dyn` outside typed blocks).
  std::string type_text(ast::NodeId node) const;
};

Result check(const base::SourceMap& sources, const ast::File& file, const Options& options,
             diag::Diagnostics& diags);

// The type of the field at `path` of the file's root record, as the checker sees it (its
// annotation, contract or apparent type in untyped code, its inferred type in typed code;
// see field_type.cpp); Dyn when unknown. For `cairn query --type` and hover.
TypeId field_type(const ast::File& file, const Result& result,
                  const std::vector<std::string>& path);

} // namespace cairn::check
