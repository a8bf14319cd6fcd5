// The language server's reading of a unit, the basic part; see analysis.h: the node at an
// offset and the parents' table, text and shortened text of nodes, the name kinds the
// features tell apart (name_node), what a variable refers to (binder_of) and the value a
// binder stands for (bound_value). The records a node denotes and their fields are in
// analysis_records.cpp, the names in scope at an offset in analysis_scope.cpp.
#include "compiler/lsp/analysis.h"

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

uint32_t path_length(const ast::File& f, NodeId field) {
  NodeId path = f.child_or_none(field, 0);
  return path.valid() ? f.children(path).size() : 0;
}

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
  case NodeKind::Array:
  case NodeKind::Let:
  case NodeKind::Fun:
  case NodeKind::Select:
  case NodeKind::BinOp:
  case NodeKind::Annot:
  case NodeKind::Paren:
  CAIRN_AST_LITERAL_CASES
  CAIRN_AST_OPERATION_CASES
  CAIRN_AST_TYPE_FORM_CASES
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
  CAIRN_AST_ANNOT_CASES return NameNode::Other;
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

} // namespace cairn::lsp
