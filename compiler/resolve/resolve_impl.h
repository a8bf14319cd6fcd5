// Internals of the resolve phase shared by its files (scopes.cpp, imports.cpp).
#pragma once

#include <vector>

#include "compiler/resolve/resolve.h"

namespace cairn::resolve {

// The static name of a field path element (`a`, `"a b"`), or nullopt when interpolated.
std::optional<base::NameId> static_field_name(const ast::File& f, base::Names& names, ast::NodeId elem);

// Parses a data file (JSON, YAML, TOML) into `module.data`; reports E0204 on errors.
bool parse_data(Program& program, Module& module, diag::Diagnostics& diags);

class Resolver {
public:
  Resolver(Program& program, Module& module, diag::Diagnostics& diags);
  bool run();

private:
  struct Work {
    enum Op : uint8_t {
      Visit, Mark, Pop, BindPattern, PatternExprs, BindRecord, BindForall, BindScoped,
      EnterType, LeaveType, EnterDictContract, LeaveDictContract
    } op;
    ast::NodeId node;
  };
  struct Entry {
    base::NameId name;
    Binding binding;
    uint32_t prev; // entry index + 1 of the binding this one hides, 0 if none
  };

  void push(Work::Op op, ast::NodeId node);
  void push_children(ast::NodeId node);
  void visit(ast::NodeId n);
  void let(ast::NodeId n);
  void record(ast::NodeId n);
  void import(ast::NodeId n);
  void bind(base::NameId name, Binding b);
  void bind_record(ast::NodeId n);
  void bind_forall(ast::NodeId n);
  // Scoped type variables: the variables of `: forall a b. T` in `meta`, bound for the
  // annotated value (a type annotation inside may name them).
  ast::NodeId scoped_forall(ast::NodeId meta) const;
  void bind_scoped(ast::NodeId meta);
  // Visits an annotated value, in the scope of its annotation's type variables if any.
  void visit_annotated(ast::NodeId value, ast::NodeId meta);
  void bind_pattern(ast::NodeId root);
  void pattern_exprs(ast::NodeId root);
  void pop_scope();
  void use(ast::NodeId n, base::NameId name);
  // The entry (index + 1, 0 if none) that a use of `name` here refers to: the innermost
  // binding, past the type variables a dictionary contract does not see.
  uint32_t visible(base::NameId name) const;

  Program& program_;
  Module& m_;
  const ast::File& f_;
  diag::Diagnostics& diags_;
  std::vector<Work> stack_;
  std::vector<Entry> entries_;
  std::vector<uint32_t> head_; // by name index: entry index + 1, 0 when unbound
  std::vector<uint32_t> marks_;
  base::NameId std_name_;
  base::NameId prim_name_;
  bool ok_ = true;
  uint32_t in_type_ = 0; // inside a static type (`: T`): unbound names are type variables there
  // Inside a dictionary contract `{_ | T}`: the type variables bound by the first
  // `tyvar_floor_` entries are hidden (T is a contract, not part of the enclosing type).
  uint32_t tyvar_floor_ = 0;
  std::vector<uint32_t> floors_;
};

} // namespace cairn::resolve
