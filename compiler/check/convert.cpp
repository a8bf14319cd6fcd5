// From a type written in source (an expression in type position) to a checker type.
//
// The type-only forms (`forall`, `->`, `Number`.., `Array T`, `{_ : T}`, `[| .. |]`, `_`,
// and a record whose fields carry nothing but a type annotation, with an optional `; tail`)
// become structural types. A name is a type variable when a `forall` of the same type or
// of an enclosing annotation binds it; otherwise, if a value of that name is in scope, it
// is an opaque contract (`Port`), else an unbound type variable. Every other expression in
// type position is an opaque contract too; it is walked as untyped code for scoping.
//
// A dictionary contract `{_ | C}` does not see the type variables around it: C is a
// contract, where a name is a value (a `forall` inside C binds for C).
//
// The kind of a `forall` variable (a type, a record tail or an enum tail) is decided by its
// first use. The conversion runs on an explicit stack, post-order, and each annotation is
// converted once (the result is cached by node).
#include "compiler/ast/kind_cases.h"
#include "compiler/check/checker.h"
#include "compiler/check/type_walk.h"

#include <fmt/core.h>
#include <unordered_map>
#include <unordered_set>

namespace cairn::check {

using ast::NodeId;
using ast::NodeKind;

bool Checker::is_record_type(NodeId record) const {
  if (file_.has_flag(record, ast::kRecordOpen)) return false;
  for (NodeId c : file_.children(record)) {
    if (!c.valid()) continue;
    NodeKind k = file_.kind(c);
    if (k == NodeKind::RecordTail) continue;
    if (k != NodeKind::Field) return false;
    NodeId path = file_.child(c, 0);
    NodeId meta = file_.children(c).size() > 1 ? file_.child(c, 1) : NodeId();
    NodeId value = file_.children(c).size() > 2 ? file_.child(c, 2) : NodeId();
    if (value.valid() || !path.valid() || file_.children(path).size() != 1) return false;
    if (!static_label(file_.child(path, 0)).valid()) return false;
    if (!meta.valid() || file_.children(meta).size() != 1) return false;
    NodeId annot = file_.child(meta, 0);
    if (!annot.valid() || file_.kind(annot) != NodeKind::TypeAnnot) return false;
  }
  return true;
}

TypeId Checker::convert(NodeId root, bool wildcards) {
  if (!root.valid()) return TypeStore::kDyn;
  if (auto it = converted_.find(root.index); it != converted_.end()) return it->second;

  struct CFrame {
    NodeId node;
    bool post;
    uint32_t mark;
  };
  struct Local {
    base::NameId name;
    uint32_t binder;
    bool decided;
  };
  std::vector<CFrame> stack{{root, false, 0}};
  std::vector<TypeId> results;
  std::vector<Local> locals;
  std::vector<NodeId> opaque;
  // Inside a dictionary contract: the locals below this index (and the scoped type
  // variables of enclosing annotations) are hidden. kNoFloor outside.
  constexpr uint32_t kNoFloor = UINT32_MAX;
  uint32_t floor = kNoFloor;

  // Resolves a type variable name used with `kind`; reports unbound names and kind clashes.
  auto type_var = [&](NodeId at, base::NameId name, VarKind kind) -> TypeId {
    size_t low = floor == kNoFloor ? 0 : floor;
    for (size_t i = locals.size(); i-- > low;) {
      Local& l = locals[i];
      if (l.name != name) continue;
      if (!l.decided) {
        types_.set_binder_kind(l.binder, kind);
        l.decided = true;
      } else if (types_.binder(l.binder).kind != kind) {
        auto what = [](VarKind k) {
          switch (k) {
          case VarKind::Type: return "a type";
          case VarKind::RecordRow: return "the tail of a record type";
          case VarKind::EnumRow: return "the tail of an enum type";
          }
          return "a type";
        };
        diags_
            .error(
                diag::DiagKind::TypeVariableKind, loc(at),
                fmt::format("type variable `{}` is used as {} here", names_.text(name), what(kind)))
            .primary(fmt::format("but it was first used as {}", what(types_.binder(l.binder).kind)))
            .help("use a separate variable for each purpose");
        return TypeStore::kError;
      }
      return types_.var(l.binder);
    }
    for (size_t i = floor == kNoFloor ? tyvars_.size() : 0; i-- > 0;) {
      if (tyvars_[i].first != name) continue;
      TypeId r = tyvars_[i].second;
      if (types_.rigid(types_.node(r).a).kind == kind) return r;
    }
    return TypeId();
  };
  auto unbound = [&](NodeId at, base::NameId name, bool tail) {
    // The resolve phase reported the name (not a row tail: those are not resolved).
    if (!options_.report_unbound && !tail) return;
    std::string text(names_.text(name));
    if (!wildcards && locals.empty() && !tail) {
      // A contract (`| C`) outside any `forall`: the name was meant as a value.
      unbound_variable(at);
      return;
    }
    auto b = diags_.error(diag::DiagKind::UnboundTypeVariable, loc(at),
                          fmt::format("unbound type variable `{}`", text));
    b.primary("not defined here");
    std::vector<std::string> local_names;
    for (const Local& l : locals) local_names.emplace_back(names_.text(l.name));
    std::string guess = did_you_mean(text, true, std::move(local_names));
    if (!guess.empty())
      b.help(fmt::format("did you mean `{}`?", guess));
    else if (tail)
      b.help(fmt::format("introduce a type variable with `forall {}.`", text));
    else
      b.help(fmt::format(
          "introduce a type variable with `forall {}.`, or define a contract `{}` with `let`", text,
          text));
  };
  auto make_opaque = [&](NodeId n) {
    opaque.push_back(n);
    uint32_t key = alias_key(n);
    return types_.contract(key, std::string(text_of(n)));
  };
  auto produce = [&](NodeId n, TypeId t) {
    if (types_.kind(t) != TypeKind::Error && !types_.origin(t)) types_.set_origin(t, loc(n));
    results.push_back(t);
  };
  auto pop = [&]() {
    TypeId t = results.back();
    results.pop_back();
    return t;
  };

  while (!stack.empty()) {
    CFrame f = stack.back();
    stack.pop_back();
    NodeId n = f.node;
    if (!n.valid()) {
      results.push_back(TypeStore::kError);
      continue;
    }
    NodeKind k = file_.kind(n);
    ast::Children kids = file_.children(n);
    if (!f.post) {
      switch (k) {
      case NodeKind::Paren: stack.push_back({kids[0], false, 0}); break;
      case NodeKind::TypeBuiltin:
        // A node of its own (not the shared one), so it can remember where it was written.
        switch (static_cast<ast::BuiltinType>(file_.payload(n))) {
        case ast::BuiltinType::Dyn: produce(n, types_.make(types_.node(TypeStore::kDyn))); break;
        case ast::BuiltinType::Number:
          produce(n, types_.make(types_.node(TypeStore::kNumber)));
          break;
        case ast::BuiltinType::Bool: produce(n, types_.make(types_.node(TypeStore::kBool))); break;
        case ast::BuiltinType::String:
          produce(n, types_.make(types_.node(TypeStore::kString)));
          break;
        }
        break;
      case NodeKind::Wildcard: produce(n, wildcards ? fresh() : TypeStore::kDyn); break;
      case NodeKind::TypeArray:
      case NodeKind::TypeDict:
        // A dictionary contract's post frame restores the floor its element ran under.
        stack.push_back({n, true, floor});
        if (k == NodeKind::TypeDict && file_.has_flag(n, ast::kDictContract))
          floor = static_cast<uint32_t>(locals.size());
        stack.push_back({kids.empty() ? NodeId() : kids[0], false, 0});
        break;
      case NodeKind::BinOp:
        if (static_cast<ast::BinOpKind>(file_.payload(n)) != ast::BinOpKind::Arrow) {
          produce(n, make_opaque(n));
          break;
        }
        stack.push_back({n, true, 0});
        stack.push_back({kids[1], false, 0});
        stack.push_back({kids[0], false, 0});
        break;
      case NodeKind::Forall: {
        uint32_t mark = static_cast<uint32_t>(locals.size());
        for (uint32_t i = 0; i + 1 < kids.size(); ++i)
          locals.push_back(Local{file_.name(kids[i]),
                                 types_.new_binder(file_.name(kids[i]), VarKind::Type), false});
        stack.push_back({n, true, mark});
        stack.push_back({kids.empty() ? NodeId() : kids.back(), false, 0});
        break;
      }
      case NodeKind::TypeEnum:
        stack.push_back({n, true, 0});
        for (uint32_t i = kids.size(); i-- > 0;)
          if (file_.kind(kids[i]) == NodeKind::EnumRow && !file_.children(kids[i]).empty())
            stack.push_back({file_.child(kids[i], 0), false, 0});
        break;
      case NodeKind::Record:
        if (!is_record_type(n)) {
          produce(n, make_opaque(n));
          break;
        }
        stack.push_back({n, true, 0});
        for (uint32_t i = kids.size(); i-- > 0;)
          if (file_.kind(kids[i]) == NodeKind::Field)
            stack.push_back({file_.child(file_.child(file_.child(kids[i], 1), 0), 0), false, 0});
        break;
      case NodeKind::Var: {
        base::NameId name = file_.name(n);
        TypeId t = type_var(n, name, VarKind::Type);
        if (t.valid())
          produce(n, t);
        else if (lookup(name))
          produce(n, make_opaque(n));
        else {
          unbound(n, name, false);
          results.push_back(TypeStore::kError);
        }
        break;
      }
      case NodeKind::Error: results.push_back(TypeStore::kError); break;
      CAIRN_AST_VALUE_FORM_CASES
      CAIRN_AST_PAT_CASES
      CAIRN_AST_PART_CASES produce(n, make_opaque(n)); break;
      }
      continue;
    }
    // Post-order: children's types are on `results`.
    switch (k) {
    case NodeKind::TypeArray: produce(n, types_.array(pop())); break;
    case NodeKind::TypeDict:
      floor = f.mark;
      produce(n, types_.dict(pop(), file_.has_flag(n, ast::kDictContract)));
      break;
    case NodeKind::BinOp: {
      TypeId cod = pop();
      TypeId dom = pop();
      produce(n, types_.arrow(dom, cod));
      break;
    }
    case NodeKind::Forall: {
      TypeId body = pop();
      for (size_t i = locals.size(); i-- > f.mark;) body = types_.forall(locals[i].binder, body);
      locals.resize(f.mark);
      produce(n, body);
      break;
    }
    case NodeKind::TypeEnum:
    case NodeKind::Record: {
      bool is_enum = k == NodeKind::TypeEnum;
      // Rows in source order; the children's types were pushed in that order.
      std::vector<std::pair<NodeId, TypeId>> rows;
      NodeId tail_node;
      size_t with_type = 0;
      for (NodeId c : kids) {
        NodeKind ck = file_.kind(c);
        if (ck == NodeKind::EnumRow || ck == NodeKind::Field) {
          bool typed = ck == NodeKind::Field || !file_.children(c).empty();
          rows.push_back({c, typed ? TypeId(1) : TypeId()});
          if (typed) ++with_type;
        } else if (ck == NodeKind::Name || ck == NodeKind::RecordTail) {
          tail_node = c;
        }
      }
      std::vector<TypeId> row_types(results.end() - with_type, results.end());
      results.resize(results.size() - with_type);
      size_t next = 0;
      for (auto& r : rows)
        if (r.second.valid()) r.second = row_types[next++];
      TypeId tail = is_enum ? TypeStore::kEnumEmpty : TypeStore::kRowEmpty;
      if (tail_node.valid()) {
        if (!is_enum && file_.has_flag(tail_node, ast::kTailDyn)) {
          tail = TypeStore::kRowDyn;
        } else {
          base::NameId tname = file_.name(tail_node);
          TypeId t = type_var(tail_node, tname, is_enum ? VarKind::EnumRow : VarKind::RecordRow);
          if (!t.valid()) {
            unbound(tail_node, tname, true);
            t = TypeStore::kError;
          }
          tail = t;
        }
      }
      // Duplicate rows are an error; the later one is dropped.
      std::vector<bool> keep(rows.size(), true);
      std::unordered_set<uint32_t> seen;
      for (size_t i = 0; i < rows.size(); ++i) {
        NodeId c = rows[i].first;
        base::NameId label =
            is_enum ? file_.name(c) : static_label(file_.child(file_.child(c, 0), 0));
        uint32_t key = is_enum ? label.index * 2 + (rows[i].second.valid() ? 1 : 0) : label.index;
        if (seen.insert(key).second) continue;
        keep[i] = false;
        std::string shown = (is_enum ? "'" : "") + TypePrinter::label(names_.text(label));
        diags_
            .error(diag::DiagKind::DuplicateRow, loc(c),
                   fmt::format("duplicate {} `{}` in this type", is_enum ? "enum tag" : "field",
                               shown))
            .help("each field or tag may appear only once in a type");
      }
      for (size_t i = rows.size(); i-- > 0;) {
        if (!keep[i]) continue;
        NodeId c = rows[i].first;
        base::NameId label =
            is_enum ? file_.name(c) : static_label(file_.child(file_.child(c, 0), 0));
        tail = is_enum ? types_.enum_extend(label, rows[i].second, tail)
                       : types_.row_extend(label, rows[i].second, tail);
      }
      produce(n, is_enum ? types_.enum_type(tail) : types_.record(tail));
      break;
    }
    // The others have no post-order frame.
    case NodeKind::Error:
    case NodeKind::Var:
    case NodeKind::Paren:
    case NodeKind::TypeBuiltin:
    case NodeKind::Wildcard:
    CAIRN_AST_VALUE_FORM_CASES
    CAIRN_AST_PAT_CASES
    CAIRN_AST_PART_CASES break;
    }
  }
  TypeId out = results.empty() ? TypeStore::kError : results.back();
  constrain_rows(types_, out);
  converted_[root.index] = out;
  for (size_t i = opaque.size(); i-- > 0;) push(FrameKind::Walk, opaque[i]);
  return out;
}

} // namespace cairn::check
