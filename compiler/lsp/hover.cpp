// Hover and signature help: what a name is (type, contracts, documentation, default) from
// its binder, the field it selects, or the contracts of the record that holds it.
#include <algorithm>

#include "compiler/lsp/features.h"

namespace cairn::lsp {

using ast::NodeId;
using ast::NodeKind;

namespace {

std::string markdown(const std::string& name, const std::vector<FieldInfo>& infos, const std::string& type) {
  std::string head = name, body;
  std::string t = type;
  std::vector<std::string> contracts;
  std::string doc, def, value;
  for (const FieldInfo& i : infos) {
    if (t.empty()) t = i.type;
    for (const std::string& c : i.contracts)
      if (std::find(contracts.begin(), contracts.end(), c) == contracts.end()) contracts.push_back(c);
    if (doc.empty()) doc = i.doc;
    if (def.empty()) def = i.default_value;
    if (value.empty()) value = i.value;
  }
  if (!t.empty() && t != "Dyn") head += " : " + t;
  for (const std::string& c : contracts) head += " | " + c;
  std::string out = "```cairn\n" + head + "\n```\n";
  if (!doc.empty()) out += "\n" + doc + "\n";
  if (!def.empty()) out += "\ndefault: `" + def + "`\n";
  else if (!value.empty()) out += "\nvalue: `" + value + "`\n";
  return out;
}

// The fields a FieldPath element names in the contracts of its record.
std::vector<Ref> contract_fields(Analysis& a, Ref field_node, uint32_t depth) {
  const ast::File& f = field_node.module->ast;
  NodeId rec = a.parent(field_node.module, field_node.node);
  if (!rec.valid() || f.kind(rec) != NodeKind::Record) return {};
  std::vector<Ref> recs = a.record_contracts({field_node.module, rec, 0});
  NodeId path = f.child_or_none(field_node.node, 0);
  std::vector<Ref> fields;
  for (uint32_t i = 0; i <= depth && path.valid(); ++i) {
    NodeId e = f.child_or_none(path, i);
    if (!e.valid()) return {};
    std::string name = f.kind(e) == NodeKind::Name ? std::string(f.name_text(e)) : "";
    fields = a.fields_named(recs, name);
    recs.clear();
    for (Ref fr : fields) {
      for (Ref r : a.contract_records(fr)) recs.push_back(r);
      for (Ref r : a.field_value_records(fr)) recs.push_back(r);
    }
  }
  return fields;
}

} // namespace

std::optional<HoverResult> hover(Analysis& a, uint32_t offset) {
  const resolve::Module* m = a.root();
  if (!m) return std::nullopt;
  const ast::File& f = m->ast;
  NodeId n = a.node_at(offset);
  if (!n.valid()) return std::nullopt;
  const check::Result* types = a.unit().types();
  std::string type = types ? types->type_text(n) : "";
  if (type == "Dyn") type.clear();
  HoverResult out;
  out.range = f.span(n);
  switch (name_node(f.kind(n))) {
  case NameNode::Var: {
    std::string name(f.name_text(n));
    auto b = a.binder_of({m, n, 0});
    if (!b) return std::nullopt;
    const ast::File& bf = b->module->ast;
    if (bf.kind(b->node) == NodeKind::Record && b->node == bf.root() && b->module->is_std) {
      out.markdown = "```cairn\nstd\n```\n\nThe standard library.\n";
      return out;
    }
    std::vector<FieldInfo> infos;
    if (bf.kind(b->node) == NodeKind::Field) infos.push_back(a.describe(*b));
    if (bf.kind(b->node) == NodeKind::PatAny) {
      NodeId lb = a.parent(b->module, b->node);
      if (lb.valid() && bf.kind(lb) == NodeKind::LetBinding) {
        // A let binding reads like a field: its annotations and its value.
        FieldInfo i;
        NodeId meta = bf.child_or_none(lb, 1), value = bf.child_or_none(lb, 2);
        if (meta.valid())
          for (NodeId an : bf.children(meta)) {
            if (!an.valid()) continue;
            if (bf.kind(an) == NodeKind::TypeAnnot) i.type = shorten(a.text({b->module, bf.child_or_none(an, 0), 0}), 200);
            if (bf.kind(an) == NodeKind::ContractAnnot)
              i.contracts.push_back(shorten(a.text({b->module, bf.child_or_none(an, 0), 0}), 120));
            if (bf.kind(an) == NodeKind::DocAnnot) i.doc = std::string(bf.string(ast::StringId(bf.payload(an))));
          }
        if (value.valid()) i.value = shorten(a.text({b->module, value, 0}), 80);
        infos.push_back(i);
      } else {
        infos.push_back(FieldInfo{});
      }
    }
    out.markdown = markdown(name, infos, type);
    return out;
  }
  case NameNode::Name: {
    NodeId p = a.parent(m, n);
    if (!p.valid()) return std::nullopt;
    std::string name(f.name_text(n));
    if (f.kind(p) == NodeKind::Select && f.child_or_none(p, 1) == n) {
      std::vector<FieldInfo> infos;
      for (Ref field : a.fields_named(a.records_of({m, f.child_or_none(p, 0), 0}), name))
        infos.push_back(a.describe(field));
      if (infos.empty() && type.empty()) return std::nullopt;
      out.markdown = markdown(name, infos, type);
      return out;
    }
    if (f.kind(p) == NodeKind::FieldPath) {
      NodeId field = a.parent(m, p);
      if (!field.valid() || f.kind(field) != NodeKind::Field) return std::nullopt;
      uint32_t depth = 0;
      auto ch = f.children(p);
      for (uint32_t i = 0; i < ch.size(); ++i)
        if (ch[i] == n) depth = i;
      std::vector<FieldInfo> infos{a.describe({m, field, depth})};
      for (Ref cf : contract_fields(a, {m, field, 0}, depth)) infos.push_back(a.describe(cf));
      if (type.empty() && types) type = types->type_text(field);
      if (type == "Dyn") type.clear();
      out.markdown = markdown(name, infos, type);
      return out;
    }
    return std::nullopt;
  }
  case NameNode::PatAny: {
    out.markdown = markdown(std::string(f.name_text(n)), {}, type);
    return out;
  }
  case NameNode::Import: {
    auto it = m->imports.find(n.index);
    if (it == m->imports.end()) return std::nullopt;
    out.markdown = "```cairn\nimport\n```\n\n`" + a.unit().program.module(it->second).key + "`\n";
    return out;
  }
  case NameNode::Other:
  case NameNode::Record:
  case NameNode::Field:
  case NameNode::PatAlias: break;
  }
  if (type.empty()) return std::nullopt;
  out.markdown = "```cairn\n" + type + "\n```\n";
  return out;
}

std::optional<SignatureResult> signature(Analysis& a, uint32_t offset) {
  const resolve::Module* m = a.root();
  if (!m) return std::nullopt;
  const ast::File& f = m->ast;
  NodeId n = a.node_at(offset);
  int steps = 0;
  while (n.valid() && f.kind(n) != NodeKind::App && steps++ < 10000) n = a.parent(m, n);
  if (!n.valid() || f.kind(n) != NodeKind::App) return std::nullopt;
  NodeId fn = f.child_or_none(n, 0);
  if (!fn.valid()) return std::nullopt;
  std::vector<Ref> fields;
  std::string name;
  if (f.kind(fn) == NodeKind::Var) {
    name = std::string(f.name_text(fn));
    if (auto b = a.binder_of({m, fn, 0})) fields.push_back(*b);
  } else if (f.kind(fn) == NodeKind::Select) {
    NodeId key = f.child_or_none(fn, 1);
    if (key.valid() && f.kind(key) == NodeKind::Name) {
      name = std::string(a.text({m, fn, 0}));
      fields = a.fields_named(a.records_of({m, f.child_or_none(fn, 0), 0}), f.name_text(key));
    }
  }
  if (fields.empty()) return std::nullopt;
  SignatureResult out;
  Ref b = fields[0];
  const ast::File& bf = b.module->ast;
  FieldInfo info;
  if (bf.kind(b.node) == NodeKind::Field) info = a.describe(b);
  out.doc = info.doc;
  if (!info.type.empty()) {
    out.label = name + " : " + info.type;
    // Parameters: the arrows of the type at the outermost level.
    std::string t = info.type;
    size_t colon = t.find(". ");
    if (t.rfind("forall", 0) == 0 && colon != std::string::npos) t = t.substr(colon + 2);
    int depth = 0;
    size_t start = 0;
    for (size_t i = 0; i + 1 < t.size(); ++i) {
      char c = t[i];
      if (c == '(' || c == '[' || c == '{') ++depth;
      if (c == ')' || c == ']' || c == '}') --depth;
      if (depth == 0 && c == '-' && t[i + 1] == '>') {
        std::string p = t.substr(start, i - start);
        while (!p.empty() && p.back() == ' ') p.pop_back();
        while (!p.empty() && p.front() == ' ') p.erase(0, 1);
        out.parameters.push_back(p);
        start = i + 2;
      }
    }
  } else if (auto v = a.bound_value(b); v && v->module->ast.kind(v->node) == NodeKind::Fun) {
    const ast::File& vf = v->module->ast;
    auto ch = vf.children(v->node);
    out.label = name;
    for (uint32_t i = 0; i + 1 < ch.size(); ++i) {
      out.parameters.push_back(std::string(a.text({v->module, ch[i], 0})));
      out.label += " " + out.parameters.back();
    }
  } else {
    return std::nullopt;
  }
  auto args = f.children(n);
  for (uint32_t i = 1; i < args.size(); ++i)
    if (args[i].valid() && f.span(args[i]).end < offset) out.active = i;
  if (!out.parameters.empty() && out.active >= out.parameters.size())
    out.active = static_cast<uint32_t>(out.parameters.size() - 1);
  return out;
}

} // namespace cairn::lsp
