// The language server's static reading of records (see analysis.h): which record literals
// an expression denotes, through variables, imports, `let`, merges, annotations and field
// selections, and what their fields say (type, contracts, doc, default, value). Work lists
// with a step budget (Analysis::kBudget) and a seen set: nothing recurses on the input,
// and cyclic definitions end.
#include <set>
#include <tuple>

#include "compiler/ast/kind_cases.h"
#include "compiler/lsp/analysis.h"
#include "compiler/resolve/resolve.h"

namespace cairn::lsp {

using ast::NodeId;
using ast::NodeKind;

std::vector<Ref> Analysis::records_of(Ref expr) {
  std::vector<Ref> out, work{expr};
  std::set<std::tuple<const void*, uint32_t, uint32_t>> seen;
  int budget = kBudget;
  while (!work.empty() && budget-- > 0) {
    Ref r = work.back();
    work.pop_back();
    if (!r.valid() || !seen.insert({r.module, r.node.index, r.depth}).second) continue;
    const ast::File& f = r.module->ast;
    switch (f.kind(r.node)) {
    case NodeKind::Record:
    case NodeKind::Field: out.push_back(r); break;
    case NodeKind::Paren:
    case NodeKind::Annot: work.push_back({r.module, f.child_or_none(r.node, 0), 0}); break;
    case NodeKind::Let: {
      auto ch = f.children(r.node);
      if (!ch.empty()) work.push_back({r.module, ch.back(), 0});
      break;
    }
    case NodeKind::BinOp:
      if (static_cast<ast::BinOpKind>(f.payload(r.node)) == ast::BinOpKind::Merge) {
        work.push_back({r.module, f.child_or_none(r.node, 0), 0});
        work.push_back({r.module, f.child_or_none(r.node, 1), 0});
      }
      break;
    case NodeKind::Var:
      if (auto b = binder_of(r))
        if (auto v = bound_value(*b)) work.push_back(*v);
      break;
    case NodeKind::Import: {
      auto it = r.module->imports.find(r.node.index);
      if (it == r.module->imports.end()) break;
      resolve::Module& target = unit_.program.module(it->second);
      if (!target.loaded) {
        diag::CollectingConsumer sink;
        diag::Diagnostics diags(&sink);
        resolve::ensure_module(unit_.program, it->second, diags);
      }
      if (target.loaded && !target.failed && target.format == resolve::Format::Conf)
        work.push_back(module_root(it->second));
      break;
    }
    case NodeKind::Select: {
      NodeId base = f.child_or_none(r.node, 0), key = f.child_or_none(r.node, 1);
      std::string name = element_name(f, key);
      if (name.empty()) break;
      // Chains are short; the nested reading is bounded by the budget it shares.
      std::vector<Ref> inner = records_of({r.module, base, 0});
      for (Ref field : fields_named(inner, name))
        for (Ref v : field_value_records(field)) work.push_back(v);
      break;
    }
    case NodeKind::Error:
    case NodeKind::Array:
    case NodeKind::Fun:
    CAIRN_AST_LITERAL_CASES
    CAIRN_AST_OPERATION_CASES
    CAIRN_AST_TYPE_FORM_CASES
    CAIRN_AST_PAT_CASES
    case NodeKind::Name:
    case NodeKind::StrText:
    case NodeKind::StrInterp:
    case NodeKind::FieldPath:
    case NodeKind::Include:
    case NodeKind::RecordTail:
    case NodeKind::LetBinding:
    case NodeKind::MatchArm:
    case NodeKind::EnumRow:
    case NodeKind::Meta:
    CAIRN_AST_ANNOT_CASES break;
    }
  }
  return out;
}

std::vector<Ref> Analysis::fields_named(const std::vector<Ref>& records, std::string_view name) {
  std::vector<Ref> out;
  for (Ref r : records) {
    if (!r.valid()) continue;
    const ast::File& f = r.module->ast;
    if (f.kind(r.node) == NodeKind::Field) {
      NodeId e = path_element(f, r.node, r.depth + 1);
      if (e.valid() && element_name(f, e) == name) out.push_back({r.module, r.node, r.depth + 1});
      continue;
    }
    if (f.kind(r.node) != NodeKind::Record) continue;
    for (NodeId c : f.children(r.node)) {
      if (!c.valid() || f.kind(c) != NodeKind::Field) continue;
      if (element_name(f, path_element(f, c, 0)) == name) out.push_back({r.module, c, 0});
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::vector<Ref>>> Analysis::all_fields(const std::vector<Ref>& records) {
  std::vector<std::pair<std::string, std::vector<Ref>>> out;
  std::unordered_map<std::string, size_t> index;
  auto add = [&](std::string name, Ref field) {
    if (name.empty()) return;
    auto [it, fresh] = index.emplace(name, out.size());
    if (fresh) out.push_back({std::move(name), {}});
    out[it->second].second.push_back(field);
  };
  for (Ref r : records) {
    if (!r.valid()) continue;
    const ast::File& f = r.module->ast;
    if (f.kind(r.node) == NodeKind::Field) {
      NodeId e = path_element(f, r.node, r.depth + 1);
      if (e.valid()) add(element_name(f, e), {r.module, r.node, r.depth + 1});
      continue;
    }
    if (f.kind(r.node) != NodeKind::Record) continue;
    for (NodeId c : f.children(r.node))
      if (c.valid() && f.kind(c) == NodeKind::Field) add(element_name(f, path_element(f, c, 0)), {r.module, c, 0});
  }
  return out;
}

std::vector<Ref> Analysis::field_value_records(Ref field) {
  if (!field.valid()) return {};
  const ast::File& f = field.module->ast;
  if (field.depth + 1 < path_length(f, field.node)) return {field};
  NodeId v = f.child_or_none(field.node, 2);
  if (!v.valid()) return {};
  return records_of({field.module, v, 0});
}

FieldInfo Analysis::describe(Ref field) {
  FieldInfo info;
  if (!field.valid()) return info;
  const ast::File& f = field.module->ast;
  info.name = element_name(f, path_element(f, field.node, field.depth));
  if (field.depth + 1 < path_length(f, field.node)) return info;
  NodeId meta = f.child_or_none(field.node, 1), value = f.child_or_none(field.node, 2);
  bool is_default = false;
  if (meta.valid()) {
    for (NodeId a : f.children(meta)) {
      if (!a.valid()) continue;
      switch (f.kind(a)) {
      case NodeKind::TypeAnnot: info.type = shorten(text({field.module, f.child_or_none(a, 0), 0}), 200); break;
      case NodeKind::ContractAnnot:
        info.contracts.push_back(shorten(text({field.module, f.child_or_none(a, 0), 0}), 120));
        break;
      case NodeKind::DocAnnot: info.doc = std::string(f.string(ast::StringId(f.payload(a)))); break;
      case NodeKind::DefaultAnnot: is_default = true; break;
      case NodeKind::OptionalAnnot: info.optional = true; break;
      CAIRN_AST_EXPR_CASES
      CAIRN_AST_PAT_CASES
      case NodeKind::Name:
      case NodeKind::StrText:
      case NodeKind::StrInterp:
      case NodeKind::Field:
      case NodeKind::FieldPath:
      case NodeKind::Include:
      case NodeKind::RecordTail:
      case NodeKind::LetBinding:
      case NodeKind::MatchArm:
      case NodeKind::EnumRow:
      case NodeKind::Meta:
      case NodeKind::ForceAnnot:
      case NodeKind::PriorityAnnot:
      case NodeKind::NotExportedAnnot: break;
      }
    }
  }
  if (value.valid()) {
    std::string v = shorten(text({field.module, value, 0}), 80);
    if (is_default) info.default_value = v;
    else info.value = v;
  }
  return info;
}

std::vector<Ref> Analysis::contract_records(Ref node) {
  if (!node.valid()) return {};
  const ast::File& f = node.module->ast;
  NodeId meta;
  if (f.kind(node.node) == NodeKind::Field) {
    if (node.depth + 1 < path_length(f, node.node)) return {};
    meta = f.child_or_none(node.node, 1);
  } else if (f.kind(node.node) == NodeKind::Annot) {
    meta = f.child_or_none(node.node, 1);
  }
  std::vector<Ref> out;
  if (!meta.valid()) return out;
  for (NodeId a : f.children(meta)) {
    if (!a.valid() || (f.kind(a) != NodeKind::ContractAnnot && f.kind(a) != NodeKind::TypeAnnot)) continue;
    for (Ref r : records_of({node.module, f.child_or_none(a, 0), 0})) out.push_back(r);
  }
  return out;
}

std::vector<Ref> Analysis::record_contracts(Ref record) {
  // Climb the fields holding the record (at most 8 levels), then read the contracts down.
  struct Step {
    Ref field;              // the Field whose value (at its last path element) holds the record
    std::vector<std::string> path; // its path names
  };
  std::vector<Step> chain;
  std::vector<Ref> direct;
  Ref cur = record;
  for (int level = 0; level < 8 && cur.valid(); ++level) {
    const ast::File& f = cur.module->ast;
    NodeId p = parent(cur.module, cur.node);
    if (!p.valid()) break;
    if (f.kind(p) == NodeKind::Annot && f.child_or_none(p, 0) == cur.node) {
      for (Ref r : contract_records({cur.module, p, 0})) direct.push_back(r);
      cur = {cur.module, p, 0};
      continue;
    }
    if (f.kind(p) != NodeKind::Field || f.child_or_none(p, 2) != cur.node) break;
    Step s;
    uint32_t len = path_length(f, p);
    s.field = {cur.module, p, len ? len - 1 : 0};
    for (uint32_t i = 0; i < len; ++i) s.path.push_back(element_name(f, path_element(f, p, i)));
    chain.push_back(s);
    NodeId rec = parent(cur.module, p);
    if (!rec.valid() || f.kind(rec) != NodeKind::Record) break;
    cur = {cur.module, rec, 0};
  }
  if (chain.empty()) return direct;
  // Contracts of the outermost record reached, then down the chain.
  std::vector<Ref> contracts;
  for (size_t i = chain.size(); i-- > 0;) {
    std::vector<Ref> next = contract_records(chain[i].field);
    for (const std::string& name : chain[i].path) {
      std::vector<Ref> fields = fields_named(contracts, name);
      contracts.clear();
      for (Ref fr : fields) {
        for (Ref r : contract_records(fr)) contracts.push_back(r);
        for (Ref r : field_value_records(fr)) contracts.push_back(r);
      }
    }
    for (Ref r : next) contracts.push_back(r);
  }
  for (Ref r : direct) contracts.push_back(r);
  return contracts;
}

} // namespace cairn::lsp
