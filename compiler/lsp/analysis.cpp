// The static reading of a unit for the language server; see analysis.h.
#include "compiler/lsp/analysis.h"

#include <set>
#include <tuple>

#include "compiler/ast/kind_cases.h"
#include "compiler/resolve/resolve.h"

namespace cairn::lsp {

using ast::NodeId;
using ast::NodeKind;

// The text of a field path element (a Name, or a string without interpolation).
std::string element_name(const ast::File& f, NodeId e) {
  if (!e.valid()) return "";
  if (f.kind(e) == NodeKind::Name) return std::string(f.name_text(e));
  if (f.kind(e) == NodeKind::Str) {
    std::string out;
    for (NodeId c : f.children(e)) {
      if (!c.valid() || f.kind(c) != NodeKind::StrText) return "";
      out += f.string(ast::StringId(f.payload(c)));
    }
    return out;
  }
  return "";
}

NodeId path_element(const ast::File& f, NodeId field, uint32_t depth) {
  NodeId path = f.child_or_none(field, 0);
  if (!path.valid()) return NodeId();
  return f.child_or_none(path, depth);
}

namespace {

uint32_t path_length(const ast::File& f, NodeId field) {
  NodeId path = f.child_or_none(field, 0);
  return path.valid() ? f.children(path).size() : 0;
}

} // namespace

std::string shorten(std::string_view text, size_t max) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
    if (out.size() >= max) {
      out += "...";
      break;
    }
  }
  return out;
}

NameNode name_node(NodeKind kind) {
  switch (kind) {
  case NodeKind::Var: return NameNode::Var;
  case NodeKind::Import: return NameNode::Import;
  case NodeKind::Record: return NameNode::Record;
  case NodeKind::Field: return NameNode::Field;
  case NodeKind::PatAny: return NameNode::PatAny;
  case NodeKind::PatAlias: return NameNode::PatAlias;
  case NodeKind::Name: return NameNode::Name;
  case NodeKind::Error:
  case NodeKind::Null:
  case NodeKind::Bool:
  case NodeKind::Num:
  case NodeKind::Str:
  case NodeKind::SymStr:
  case NodeKind::EnumTag:
  case NodeKind::EnumVariant:
  case NodeKind::Array:
  case NodeKind::Let:
  case NodeKind::Fun:
  case NodeKind::If:
  case NodeKind::Match:
  case NodeKind::App:
  case NodeKind::Select:
  case NodeKind::Neg:
  case NodeKind::Not:
  case NodeKind::BinOp:
  case NodeKind::OpSection:
  case NodeKind::Annot:
  case NodeKind::Paren:
  case NodeKind::Forall:
  case NodeKind::TypeBuiltin:
  case NodeKind::TypeArray:
  case NodeKind::TypeDict:
  case NodeKind::TypeEnum:
  case NodeKind::Wildcard:
  case NodeKind::PatWildcard:
  case NodeKind::PatConst:
  case NodeKind::PatEnum:
  case NodeKind::PatRecord:
  case NodeKind::PatField:
  case NodeKind::PatArray:
  case NodeKind::PatOr:
  case NodeKind::StrText:
  case NodeKind::StrInterp:
  case NodeKind::FieldPath:
  case NodeKind::Include:
  case NodeKind::RecordTail:
  case NodeKind::LetBinding:
  case NodeKind::MatchArm:
  case NodeKind::EnumRow:
  case NodeKind::Meta:
  case NodeKind::TypeAnnot:
  case NodeKind::ContractAnnot:
  case NodeKind::DocAnnot:
  case NodeKind::DefaultAnnot:
  case NodeKind::ForceAnnot:
  case NodeKind::PriorityAnnot:
  case NodeKind::OptionalAnnot:
  case NodeKind::NotExportedAnnot: return NameNode::Other;
  }
  return NameNode::Other;
}

Analysis::Analysis(workspace::Unit& unit) : unit_(unit), root_(unit.root_module()) {}

std::string_view Analysis::text(const resolve::Module* m, base::Span s) const {
  std::string_view t = unit_.sources.get(m->file).text();
  if (s.begin > t.size() || s.end > t.size() || s.begin > s.end) return {};
  return t.substr(s.begin, s.end - s.begin);
}

std::string_view Analysis::text(Ref r) const {
  if (!r.valid()) return {};
  return text(r.module, r.module->ast.span(r.node));
}

NodeId Analysis::parent(const resolve::Module* m, NodeId n) {
  auto it = parents_.find(m);
  if (it == parents_.end()) {
    std::vector<NodeId> p(m->ast.node_count());
    for (uint32_t i = 0; i < m->ast.node_count(); ++i)
      for (NodeId c : m->ast.children(NodeId(i)))
        if (c.valid() && c.index < p.size()) p[c.index] = NodeId(i);
    it = parents_.emplace(m, std::move(p)).first;
  }
  return n.valid() && n.index < it->second.size() ? it->second[n.index] : NodeId();
}

NodeId Analysis::node_at(uint32_t offset) {
  if (!root_) return NodeId();
  const ast::File& f = root_->ast;
  NodeId best;
  uint32_t best_size = UINT32_MAX;
  for (uint32_t i = 0; i < f.node_count(); ++i) {
    base::Span s = f.span(NodeId(i));
    bool inside = s.begin <= offset && offset < s.end;
    // The end of an identifier counts as inside it (the cursor just after a name).
    NodeKind k = f.kind(NodeId(i));
    bool at_end = s.end == offset && (k == NodeKind::Var || k == NodeKind::Name || k == NodeKind::PatAny);
    if (!inside && !at_end) continue;
    if (s.size() < best_size) { // the first of equal spans is the innermost (children first)
      best = NodeId(i);
      best_size = s.size();
    }
  }
  return best;
}

Ref Analysis::module_root(uint32_t id) const {
  const resolve::Module& m = unit_.program.module(id);
  return {&m, m.ast.root(), 0};
}

std::optional<Ref> Analysis::std_root() {
  if (!unit_.program.std_module) {
    diag::CollectingConsumer sink;
    diag::Diagnostics diags(&sink);
    resolve::load_std(unit_.program, diags);
  }
  if (!unit_.program.std_module) return std::nullopt;
  uint32_t id = *unit_.program.std_module;
  if (!unit_.program.module(id).loaded) {
    // Registered by a resolve that did not load it (a file with syntax errors).
    diag::CollectingConsumer sink;
    diag::Diagnostics diags(&sink);
    resolve::ensure_module(unit_.program, id, diags);
  }
  return module_root(id);
}

std::optional<Ref> Analysis::binder_of(Ref var) {
  if (!var.valid()) return std::nullopt;
  const resolve::Module& m = *var.module;
  if (var.node.index >= m.bindings.size()) return std::nullopt;
  const resolve::Binding& b = m.bindings[var.node.index];
  switch (b.kind) {
  case resolve::Binding::Local:
  case resolve::Binding::TypeVar: return Ref{&m, b.binder, 0};
  case resolve::Binding::RecField: {
    std::string name(m.ast.name_text(var.node));
    for (Ref f : fields_named({Ref{&m, b.binder, 0}}, name)) return f;
    return std::nullopt;
  }
  case resolve::Binding::Std: return std_root();
  case resolve::Binding::None:
  case resolve::Binding::Prim:
  case resolve::Binding::Unbound: return std::nullopt;
  }
  return std::nullopt;
}

std::optional<Ref> Analysis::bound_value(Ref binder) {
  if (!binder.valid()) return std::nullopt;
  const ast::File& f = binder.module->ast;
  switch (name_node(f.kind(binder.node))) {
  case NameNode::Field: {
    uint32_t len = path_length(f, binder.node);
    if (binder.depth + 1 < len) return binder; // the record of the inner path
    NodeId v = f.child_or_none(binder.node, 2);
    if (!v.valid()) return std::nullopt;
    return Ref{binder.module, v, 0};
  }
  case NameNode::Record: return binder;
  case NameNode::PatAny: {
    NodeId p = parent(binder.module, binder.node);
    if (p.valid() && f.kind(p) == NodeKind::LetBinding && f.child_or_none(p, 0) == binder.node) {
      NodeId v = f.child_or_none(p, 2);
      if (v.valid()) return Ref{binder.module, v, 0};
    }
    return std::nullopt;
  }
  case NameNode::Other:
  case NameNode::Var:
  case NameNode::Import:
  case NameNode::PatAlias:
  case NameNode::Name: break;
  }
  return std::nullopt;
}

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
    case NodeKind::Null:
    case NodeKind::Bool:
    case NodeKind::Num:
    case NodeKind::Str:
    case NodeKind::SymStr:
    case NodeKind::EnumTag:
    case NodeKind::EnumVariant:
    case NodeKind::Array:
    case NodeKind::Fun:
    case NodeKind::If:
    case NodeKind::Match:
    case NodeKind::App:
    case NodeKind::Neg:
    case NodeKind::Not:
    case NodeKind::OpSection:
    case NodeKind::Forall:
    case NodeKind::TypeBuiltin:
    case NodeKind::TypeArray:
    case NodeKind::TypeDict:
    case NodeKind::TypeEnum:
    case NodeKind::Wildcard:
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
    case NodeKind::TypeAnnot:
    case NodeKind::ContractAnnot:
    case NodeKind::DocAnnot:
    case NodeKind::DefaultAnnot:
    case NodeKind::ForceAnnot:
    case NodeKind::PriorityAnnot:
    case NodeKind::OptionalAnnot:
    case NodeKind::NotExportedAnnot: break;
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

std::vector<std::pair<std::string, Ref>> Analysis::scope_at(uint32_t offset) {
  std::vector<std::pair<std::string, Ref>> out;
  if (!root_) return out;
  const ast::File& f = root_->ast;
  const resolve::Module* m = root_;
  auto patterns = [&](NodeId pat) {
    std::vector<NodeId> work{pat};
    int budget = kBudget;
    while (!work.empty() && budget-- > 0) {
      NodeId n = work.back();
      work.pop_back();
      if (!n.valid()) continue;
      switch (f.kind(n)) {
      case NodeKind::PatAny:
      case NodeKind::PatAlias: out.push_back({std::string(f.name_text(n)), Ref{m, n, 0}}); break;
      case NodeKind::PatField:
        if (!f.child_or_none(n, 2).valid()) out.push_back({std::string(f.name_text(n)), Ref{m, n, 0}});
        break;
      case NodeKind::PatRecord:
      case NodeKind::PatArray:
        if (f.has_flag(n, ast::kRest)) out.push_back({std::string(f.name_text(n)), Ref{m, n, 0}});
        break;
      CAIRN_AST_EXPR_CASES
      case NodeKind::PatWildcard:
      case NodeKind::PatConst:
      case NodeKind::PatEnum:
      case NodeKind::PatOr:
      CAIRN_AST_PART_CASES break;
      }
      if (f.kind(n) != NodeKind::PatAny)
        for (NodeId c : f.children(n)) work.push_back(c);
    }
  };
  NodeId n = node_at(offset);
  for (int steps = 0; n.valid() && steps < 100000; ++steps) {
    switch (f.kind(n)) {
    case NodeKind::Let:
      for (NodeId b : f.children(n))
        if (b.valid() && f.kind(b) == NodeKind::LetBinding) patterns(f.child_or_none(b, 0));
      break;
    case NodeKind::Fun: {
      auto ch = f.children(n);
      for (uint32_t i = 0; i + 1 < ch.size(); ++i) patterns(ch[i]);
      break;
    }
    case NodeKind::MatchArm: patterns(f.child_or_none(n, 0)); break;
    case NodeKind::Record:
      for (NodeId c : f.children(n))
        if (c.valid() && f.kind(c) == NodeKind::Field) {
          std::string name = element_name(f, path_element(f, c, 0));
          if (!name.empty()) out.push_back({name, Ref{m, c, 0}});
        }
      break;
    case NodeKind::Error:
    case NodeKind::Null:
    case NodeKind::Bool:
    case NodeKind::Num:
    case NodeKind::Str:
    case NodeKind::SymStr:
    case NodeKind::Var:
    case NodeKind::EnumTag:
    case NodeKind::EnumVariant:
    case NodeKind::Array:
    case NodeKind::If:
    case NodeKind::Match:
    case NodeKind::App:
    case NodeKind::Select:
    case NodeKind::Neg:
    case NodeKind::Not:
    case NodeKind::BinOp:
    case NodeKind::OpSection:
    case NodeKind::Annot:
    case NodeKind::Import:
    case NodeKind::Paren:
    case NodeKind::Forall:
    case NodeKind::TypeBuiltin:
    case NodeKind::TypeArray:
    case NodeKind::TypeDict:
    case NodeKind::TypeEnum:
    case NodeKind::Wildcard:
    CAIRN_AST_PAT_CASES
    case NodeKind::Name:
    case NodeKind::StrText:
    case NodeKind::StrInterp:
    case NodeKind::Field:
    case NodeKind::FieldPath:
    case NodeKind::Include:
    case NodeKind::RecordTail:
    case NodeKind::LetBinding:
    case NodeKind::EnumRow:
    case NodeKind::Meta:
    case NodeKind::TypeAnnot:
    case NodeKind::ContractAnnot:
    case NodeKind::DocAnnot:
    case NodeKind::DefaultAnnot:
    case NodeKind::ForceAnnot:
    case NodeKind::PriorityAnnot:
    case NodeKind::OptionalAnnot:
    case NodeKind::NotExportedAnnot: break;
    }
    NodeId p = parent(m, n);
    if (p == n) break;
    n = p;
  }
  if (auto s = std_root()) out.push_back({"std", *s});
  return out;
}

} // namespace cairn::lsp
