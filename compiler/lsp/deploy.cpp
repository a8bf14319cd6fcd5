// The deployment-aware features' static part: which field of the root record a name
// defines (`resources.web.config`), and where the field at such a path is defined now.
// The code lens and the hover of a resource use them to place what the last background
// plan found on the current text, which may have moved since that plan was made.
#include "compiler/lsp/features.h"

namespace cairn::lsp {

using ast::NodeId;
using ast::NodeKind;

namespace {

// Climbs from a node through what keeps it the value of its field: annotations,
// parentheses, merges and `let` bodies.
NodeId climb(Analysis& a, const resolve::Module* m, NodeId n) {
  const ast::File& f = m->ast;
  for (int steps = 0; steps < 10000; ++steps) {
    NodeId p = a.parent(m, n);
    if (!p.valid()) return n;
    NodeKind k = f.kind(p);
    bool through = (k == NodeKind::Annot && f.child_or_none(p, 0) == n) || k == NodeKind::Paren ||
                   (k == NodeKind::BinOp && static_cast<ast::BinOpKind>(f.payload(p)) == ast::BinOpKind::Merge);
    if (k == NodeKind::Let) {
      auto ch = f.children(p);
      through = !ch.empty() && ch.back() == n;
    }
    if (!through) return n;
    n = p;
  }
  return n;
}

} // namespace

std::vector<std::string> field_path_at(Analysis& a, uint32_t offset) {
  const resolve::Module* m = a.root();
  if (!m) return {};
  const ast::File& f = m->ast;
  NodeId n = a.node_at(offset);
  if (n.valid() && f.kind(n) == NodeKind::StrText) n = a.parent(m, n); // `"my-file"`
  if (!n.valid() || (f.kind(n) != NodeKind::Name && f.kind(n) != NodeKind::Str)) return {};
  NodeId path = a.parent(m, n);
  if (!path.valid() || f.kind(path) != NodeKind::FieldPath) return {};
  NodeId field = a.parent(m, path);
  if (!field.valid() || f.kind(field) != NodeKind::Field) return {};
  std::vector<std::string> out;
  for (NodeId e : f.children(path)) {
    std::string name = element_name(f, e);
    if (name.empty()) return {};
    out.push_back(name);
    if (e == n) break;
  }
  // Up through the records holding the field, to the root.
  for (int level = 0; level < 1000; ++level) {
    NodeId rec = a.parent(m, field);
    if (!rec.valid() || f.kind(rec) != NodeKind::Record) return {};
    NodeId top = climb(a, m, rec);
    NodeId p = a.parent(m, top);
    if (!p.valid()) return top == f.root() ? out : std::vector<std::string>{};
    if (f.kind(p) != NodeKind::Field || f.child_or_none(p, 2) != top) return {};
    std::vector<std::string> prefix;
    NodeId pp = f.child_or_none(p, 0);
    if (!pp.valid()) return {};
    for (NodeId e : f.children(pp)) {
      std::string name = element_name(f, e);
      if (name.empty()) return {};
      prefix.push_back(name);
    }
    out.insert(out.begin(), prefix.begin(), prefix.end());
    field = p;
  }
  return {};
}

std::optional<base::Span> field_span(Analysis& a, const std::vector<std::string>& path) {
  const resolve::Module* m = a.root();
  if (!m || path.empty() || !m->ast.root().valid()) return std::nullopt;
  std::vector<Ref> records = a.records_of({m, m->ast.root(), 0});
  std::vector<Ref> fields;
  for (size_t i = 0; i < path.size(); ++i) {
    fields = a.fields_named(records, path[i]);
    if (fields.empty()) return std::nullopt;
    if (i + 1 == path.size()) break;
    records.clear();
    for (Ref fr : fields)
      for (Ref r : a.field_value_records(fr)) records.push_back(r);
  }
  for (Ref fr : fields) {
    if (fr.module != m) continue;
    NodeId e = path_element(m->ast, fr.node, fr.depth);
    if (e.valid()) return m->ast.span(e);
  }
  return std::nullopt;
}

} // namespace cairn::lsp
