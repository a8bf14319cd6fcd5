// Completion: after `a.b.` the fields of what `a.b` denotes (with the fields its record
// literals get from their contracts, so `resources.web.outputs.` works); at a field name
// inside a record literal the fields of the contracts that apply to it (`| local.File = {`
// offers `path`, `content`, `mode` with their docs); elsewhere the names in scope.
#include <algorithm>
#include <set>

#include "compiler/lsp/features.h"

namespace cairn::lsp {

using ast::NodeId;
using ast::NodeKind;

namespace {

bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '\'';
}

CompletionResult item(Analysis& a, const std::string& name, const std::vector<Ref>& defs) {
  CompletionResult c;
  c.label = name;
  c.kind = CompletionResult::Field;
  for (Ref d : defs) {
    if (d.module->ast.kind(d.node) != NodeKind::Field) continue;
    FieldInfo i = a.describe(d);
    if (c.detail.empty()) {
      if (!i.type.empty()) c.detail = i.type;
      for (const std::string& k : i.contracts) c.detail += (c.detail.empty() ? "| " : " | ") + k;
    }
    if (c.doc.empty()) c.doc = i.doc;
    if (i.type.find("->") != std::string::npos) c.kind = CompletionResult::Function;
    NodeId v = d.module->ast.child_or_none(d.node, 2);
    if (v.valid() && d.module->ast.kind(v) == NodeKind::Fun) c.kind = CompletionResult::Function;
    if (v.valid() && d.module->ast.kind(v) == NodeKind::Import) c.kind = CompletionResult::Module;
  }
  return c;
}

// The records of a dotted chain `a.b.c` read at `offset`.
std::vector<Ref> chain_records(Analysis& a, const std::vector<std::string>& chain, uint32_t offset) {
  std::vector<Ref> recs;
  for (auto& [name, binder] : a.scope_at(offset)) {
    if (name != chain[0]) continue;
    if (auto v = a.bound_value(binder)) recs = a.records_of(*v);
    break;
  }
  for (size_t i = 1; i < chain.size(); ++i) {
    std::vector<Ref> with_contracts = recs;
    for (Ref r : recs)
      if (r.module->ast.kind(r.node) == NodeKind::Record)
        for (Ref c : a.record_contracts(r)) with_contracts.push_back(c);
    std::vector<Ref> next;
    for (Ref f : a.fields_named(with_contracts, chain[i])) {
      for (Ref r : a.field_value_records(f)) next.push_back(r);
      for (Ref r : a.contract_records(f)) next.push_back(r);
    }
    recs = std::move(next);
  }
  std::vector<Ref> out = recs;
  for (Ref r : recs)
    if (r.module->ast.kind(r.node) == NodeKind::Record)
      for (Ref c : a.record_contracts(r)) out.push_back(c);
  return out;
}

} // namespace

std::vector<CompletionResult> complete(Analysis& a, std::string_view text, uint32_t offset) {
  std::vector<CompletionResult> out;
  if (offset > text.size()) offset = static_cast<uint32_t>(text.size());
  uint32_t start = offset;
  while (start > 0 && ident_char(text[start - 1])) --start;
  if (start > 0 && text[start - 1] == '.') {
    std::vector<std::string> chain;
    uint32_t p = start - 1; // at the dot
    while (true) {
      uint32_t e = p, b = p;
      while (b > 0 && ident_char(text[b - 1])) --b;
      if (b == e) break;
      chain.insert(chain.begin(), std::string(text.substr(b, e - b)));
      if (b == 0 || text[b - 1] != '.') break;
      p = b - 1;
    }
    if (chain.empty()) return out;
    for (auto& [name, defs] : a.all_fields(chain_records(a, chain, start)))
      out.push_back(item(a, name, defs));
    return out;
  }
  // A field name inside a record literal?
  uint32_t q = start;
  while (q > 0 && (text[q - 1] == ' ' || text[q - 1] == '\t' || text[q - 1] == '\n' || text[q - 1] == '\r')) --q;
  bool field_position = q > 0 && (text[q - 1] == '{' || text[q - 1] == ',');
  if (field_position && a.root()) {
    const ast::File& f = a.root()->ast;
    NodeId n = a.node_at(start > 0 ? start - 1 : 0);
    int steps = 0;
    while (n.valid() && f.kind(n) != NodeKind::Record && steps++ < 100000) n = a.parent(a.root(), n);
    if (n.valid()) {
      std::set<std::string> present;
      for (NodeId c : f.children(n)) {
        if (!c.valid() || f.kind(c) != NodeKind::Field) continue;
        NodeId path = f.child_or_none(c, 0);
        NodeId e = path.valid() ? f.child_or_none(path, 0) : NodeId();
        if (e.valid() && f.kind(e) == NodeKind::Name && !(f.span(e).begin <= offset && offset <= f.span(e).end))
          present.insert(std::string(f.name_text(e)));
      }
      for (auto& [name, defs] : a.all_fields(a.record_contracts({a.root(), n, 0})))
        if (!present.count(name)) out.push_back(item(a, name, defs));
      if (!out.empty()) return out;
    }
  }
  std::set<std::string> seen;
  for (auto& [name, binder] : a.scope_at(start)) {
    if (!seen.insert(name).second) continue;
    CompletionResult c;
    c.label = name;
    c.kind = CompletionResult::Variable;
    if (binder.module->ast.kind(binder.node) == NodeKind::Field) c = item(a, name, {binder});
    if (name == "std") {
      c.kind = CompletionResult::Module;
      c.detail = "the standard library";
    }
    out.push_back(c);
  }
  for (const char* k : {"let", "in", "fun", "if", "then", "else", "match", "import", "true", "false", "null"}) {
    CompletionResult c;
    c.label = k;
    c.kind = CompletionResult::Keyword;
    out.push_back(c);
  }
  return out;
}

} // namespace cairn::lsp
