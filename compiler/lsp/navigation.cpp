// Go to definition, references, rename ranges, document symbols and folding ranges.
#include <algorithm>

#include "compiler/lsp/features.h"

namespace cairn::lsp {

using ast::NodeId;
using ast::NodeKind;

namespace {

// The span of a binder's name: a pattern's own span, a field's path element.
base::Span name_span(const Ref& b) {
  const ast::File& f = b.module->ast;
  if (f.kind(b.node) == NodeKind::Field) {
    NodeId path = f.child_or_none(b.node, 0);
    NodeId e = path.valid() ? f.child_or_none(path, b.depth) : NodeId();
    return e.valid() ? f.span(e) : f.span(b.node);
  }
  return f.span(b.node);
}

bool same(const Ref& x, const Ref& y) {
  return x.module == y.module && x.node == y.node && x.depth == y.depth;
}

// What the identifier at `offset` names: a binder (pattern or field), with the span of the
// identifier itself.
std::optional<std::pair<Ref, base::Span>> target_at(Analysis& a, uint32_t offset) {
  const resolve::Module* m = a.root();
  if (!m) return std::nullopt;
  const ast::File& f = m->ast;
  NodeId n = a.node_at(offset);
  if (!n.valid()) return std::nullopt;
  switch (name_node(f.kind(n))) {
  case NameNode::Var:
    if (auto b = a.binder_of({m, n, 0}))
      if (b->module->ast.kind(b->node) != NodeKind::Record) return std::make_pair(*b, f.span(n));
    return std::nullopt;
  case NameNode::PatAny:
  case NameNode::PatAlias: return std::make_pair(Ref{m, n, 0}, f.span(n));
  case NameNode::Name: {
    NodeId p = a.parent(m, n);
    if (!p.valid()) return std::nullopt;
    if (f.kind(p) == NodeKind::FieldPath) {
      NodeId field = a.parent(m, p);
      auto ch = f.children(p);
      for (uint32_t i = 0; i < ch.size(); ++i)
        if (ch[i] == n) return std::make_pair(Ref{m, field, i}, f.span(n));
    }
    if (f.kind(p) == NodeKind::Select && f.child_or_none(p, 1) == n) {
      auto fields = a.fields_named(a.records_of({m, f.child_or_none(p, 0), 0}), f.name_text(n));
      if (!fields.empty()) return std::make_pair(fields[0], f.span(n));
    }
    return std::nullopt;
  }
  case NameNode::Other:
  case NameNode::Import:
  case NameNode::Record:
  case NameNode::Field: break;
  }
  return std::nullopt;
}

} // namespace

std::vector<Target> definition(Analysis& a, uint32_t offset) {
  std::vector<Target> out;
  const resolve::Module* m = a.root();
  if (!m) return out;
  const ast::File& f = m->ast;
  NodeId n = a.node_at(offset);
  if (!n.valid()) return out;
  if (f.kind(n) == NodeKind::Import || (f.kind(n) == NodeKind::StrText && a.parent(m, n).valid() &&
                                        f.kind(a.parent(m, n)) == NodeKind::Import)) {
    NodeId imp = f.kind(n) == NodeKind::Import ? n : a.parent(m, n);
    auto it = m->imports.find(imp.index);
    if (it != m->imports.end()) out.push_back({&a.unit().program.module(it->second), {0, 0}});
    return out;
  }
  if (f.kind(n) == NodeKind::Name) {
    NodeId p = a.parent(m, n);
    if (p.valid() && f.kind(p) == NodeKind::Select && f.child_or_none(p, 1) == n) {
      for (Ref fr : a.fields_named(a.records_of({m, f.child_or_none(p, 0), 0}), f.name_text(n)))
        out.push_back({fr.module, name_span(fr)});
      return out;
    }
    if (p.valid() && f.kind(p) == NodeKind::FieldPath) {
      // A field of a record literal: where its contract declares it.
      NodeId field = a.parent(m, p), rec = field.valid() ? a.parent(m, field) : NodeId();
      if (rec.valid() && f.kind(rec) == NodeKind::Record && f.child_or_none(p, 0) == n)
        for (Ref fr : a.fields_named(a.record_contracts({m, rec, 0}), f.name_text(n)))
          out.push_back({fr.module, name_span(fr)});
      return out;
    }
  }
  if (f.kind(n) == NodeKind::Var) {
    if (auto b = a.binder_of({m, n, 0})) {
      if (b->module->ast.kind(b->node) == NodeKind::Record) out.push_back({b->module, {0, 0}});
      else out.push_back({b->module, name_span(*b)});
    }
  }
  return out;
}

std::vector<base::Span> references(Analysis& a, uint32_t offset, bool declaration) {
  std::vector<base::Span> out;
  auto t = target_at(a, offset);
  if (!t) return out;
  Ref target = t->first;
  const resolve::Module* m = a.root();
  const ast::File& f = m->ast;
  if (declaration && target.module == m) out.push_back(name_span(target));
  bool is_field = target.module->ast.kind(target.node) == NodeKind::Field;
  std::string name;
  if (is_field) {
    NodeId path = target.module->ast.child_or_none(target.node, 0);
    NodeId e = path.valid() ? target.module->ast.child_or_none(path, target.depth) : NodeId();
    if (e.valid() && target.module->ast.kind(e) == NodeKind::Name) name = std::string(target.module->ast.name_text(e));
  }
  for (uint32_t i = 0; i < f.node_count(); ++i) {
    NodeId n(i);
    if (f.kind(n) == NodeKind::Var) {
      auto b = a.binder_of({m, n, 0});
      if (b && same(*b, target)) out.push_back(f.span(n));
    } else if (is_field && !name.empty() && f.kind(n) == NodeKind::Select) {
      NodeId key = f.child_or_none(n, 1);
      if (!key.valid() || f.kind(key) != NodeKind::Name || f.name_text(key) != name) continue;
      for (Ref fr : a.fields_named(a.records_of({m, f.child_or_none(n, 0), 0}), name))
        if (same(fr, target)) {
          out.push_back(f.span(key));
          break;
        }
    }
  }
  std::sort(out.begin(), out.end(), [](base::Span x, base::Span y) { return x.begin < y.begin; });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<base::Span> rename_range(Analysis& a, uint32_t offset) {
  auto t = target_at(a, offset);
  if (!t || t->first.module != a.root()) return std::nullopt;
  return t->second;
}

std::vector<Symbol> symbols(Analysis& a, const resolve::Module* module) {
  std::vector<Symbol> out;
  const resolve::Module* m = module ? module : a.root();
  if (!m || !m->ast.root().valid()) return out;
  const ast::File& f = m->ast;
  // Explicit work list: (expression, where its symbols go, depth).
  struct Item {
    NodeId expr;
    std::vector<Symbol>* into;
    int depth;
  };
  std::vector<Item> work{{f.root(), &out, 0}};
  // Symbols are appended to vectors that later items fill: reserve nothing, but process
  // children only after their parent's vector stopped growing (one record at a time).
  while (!work.empty()) {
    Item it = work.back();
    work.pop_back();
    NodeId e = it.expr;
    for (int unwrap = 0; e.valid() && unwrap < 1000; ++unwrap) {
      NodeKind k = f.kind(e);
      if (k == NodeKind::Annot || k == NodeKind::Paren) e = f.child_or_none(e, 0);
      else if (k == NodeKind::Let) {
        auto ch = f.children(e);
        for (uint32_t i = 0; i + 1 < ch.size(); ++i) {
          NodeId b = ch[i];
          if (!b.valid() || f.kind(b) != NodeKind::LetBinding) continue;
          NodeId pat = f.child_or_none(b, 0), value = f.child_or_none(b, 2);
          if (!pat.valid() || f.kind(pat) != NodeKind::PatAny) continue;
          Symbol s;
          s.name = std::string(f.name_text(pat));
          s.kind = value.valid() && f.kind(value) == NodeKind::Fun ? Symbol::Function : Symbol::Variable;
          s.range = f.span(b);
          s.selection = f.span(pat);
          it.into->push_back(std::move(s));
        }
        e = ch.empty() ? NodeId() : ch.back();
      } else {
        break;
      }
    }
    if (!e.valid() || f.kind(e) != NodeKind::Record || it.depth >= 32) continue;
    size_t first = it.into->size();
    for (NodeId c : f.children(e)) {
      if (!c.valid() || f.kind(c) != NodeKind::Field) continue;
      NodeId path = f.child_or_none(c, 0);
      if (!path.valid() || f.children(path).empty()) continue;
      Symbol s;
      for (NodeId el : f.children(path)) {
        if (!s.name.empty()) s.name += ".";
        s.name += el.valid() && f.kind(el) == NodeKind::Name ? std::string(f.name_text(el)) : "\"…\"";
      }
      FieldInfo info = a.describe({m, c, f.children(path).size() - 1});
      s.detail = !info.type.empty() ? info.type : (info.contracts.empty() ? "" : info.contracts[0]);
      NodeId value = f.child_or_none(c, 2);
      s.kind = Symbol::Field;
      if (value.valid() && f.kind(value) == NodeKind::Record) s.kind = Symbol::Object;
      if (value.valid() && f.kind(value) == NodeKind::Fun) s.kind = Symbol::Function;
      s.range = f.span(c);
      s.selection = f.span(path);
      it.into->push_back(std::move(s));
    }
    // Children vectors are stable now: queue the values whose records nest.
    size_t k = first;
    for (NodeId c : f.children(e)) {
      if (!c.valid() || f.kind(c) != NodeKind::Field) continue;
      NodeId path = f.child_or_none(c, 0);
      if (!path.valid() || f.children(path).empty()) continue;
      NodeId value = f.child_or_none(c, 2);
      if (value.valid()) work.push_back({value, &(*it.into)[k].children, it.depth + 1});
      ++k;
    }
  }
  return out;
}

std::vector<base::Span> folds(Analysis& a) {
  std::vector<base::Span> out;
  const resolve::Module* m = a.root();
  if (!m) return out;
  const ast::File& f = m->ast;
  std::string_view text = a.unit().sources.get(m->file).text();
  auto multiline = [&](base::Span s) {
    return s.end <= text.size() && text.substr(s.begin, s.end - s.begin).find('\n') != std::string_view::npos;
  };
  for (uint32_t i = 0; i < f.node_count(); ++i) {
    NodeId n(i);
    NodeKind k = f.kind(n);
    bool foldable = k == NodeKind::Record || k == NodeKind::Array || k == NodeKind::Match ||
                    (k == NodeKind::Str && f.has_flag(n, ast::kStrMultiline));
    if (foldable && multiline(f.span(n))) out.push_back(f.span(n));
  }
  // Runs of two or more comment lines.
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    auto is_comment = [&](size_t b, size_t e) {
      while (b < e && (text[b] == ' ' || text[b] == '\t')) ++b;
      return b < e && text[b] == '#';
    };
    if (is_comment(pos, eol)) {
      size_t start = pos, last_end = eol, lines = 1;
      size_t next = eol + 1;
      while (next < text.size()) {
        size_t e2 = text.find('\n', next);
        if (e2 == std::string_view::npos) e2 = text.size();
        if (!is_comment(next, e2)) break;
        last_end = e2;
        ++lines;
        next = e2 + 1;
      }
      if (lines >= 2) out.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(last_end)});
      pos = next;
      continue;
    }
    pos = eol + 1;
  }
  std::sort(out.begin(), out.end(), [](base::Span x, base::Span y) { return x.begin < y.begin; });
  return out;
}

} // namespace cairn::lsp
