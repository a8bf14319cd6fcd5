// The requests about a position or a whole document that read the code without changing
// it: hover, completion, signature help, go to definition, references, document highlight,
// prepare rename and rename, document symbols and folding ranges (see server.h). Each turns
// protocol positions into the features' byte offsets (features.h) and their results back
// into protocol JSON with UTF-16 positions.
#include "compiler/lsp/features.h"
#include "compiler/lsp/server.h"

namespace cairn::lsp {

uint32_t Server::offset_of(const std::string& path, const json& position) {
  const workspace::Document* doc = workspace_.document(path);
  if (!doc) return 0;
  return LineIndex(doc->text).offset(position.get<Position>());
}

namespace {

json locations(workspace::Unit& unit, const std::vector<Target>& targets, const std::string& root_uri) {
  json out = json::array();
  for (const Target& t : targets) {
    if (!t.module || !t.module->file.valid()) continue;
    const base::SourceFile& src = unit.sources.get(t.module->file);
    std::string uri;
    if (t.module->file.index == unit.file.index) uri = root_uri;
    else if (!t.module->key.empty() && t.module->key[0] == '/') uri = path_to_uri(t.module->key);
    else continue; // embedded files have no place an editor can open
    LineIndex index(src.text());
    out.push_back(Location{uri, {index.position(t.span.begin), index.position(t.span.end)}});
  }
  return out;
}

} // namespace

json Server::on_Hover(const json& params) {
  std::string path = path_of(params);
  if (!doc_of(path)) return nullptr;
  uint32_t offset = offset_of(path, params.at("position"));
  Analysis a(workspace_.unit(path));
  auto h = hover(a, offset);
  // A resource of a deployment spec: what the plan would do, what state records.
  if (const ResourcePlan* r = resource_plan_at(path, a, offset)) {
    if (!h) h = HoverResult{"", a.root()->ast.span(a.node_at(offset))};
    h->markdown += (h->markdown.empty() ? "" : "\n---\n\n") + std::string("plan (`--refresh=false`): `") + r->action + "`\n";
    h->markdown += r->state.empty() ? std::string("\nnot in state\n") : "\n" + r->state;
  }
  if (!h) return nullptr;
  return {{"contents", {{"kind", "markdown"}, {"value", h->markdown}}},
          {"range", range_of(text_of(path), h->range)}};
}

json Server::on_Completion(const json& params) {
  std::string path = path_of(params);
  if (!doc_of(path)) return nullptr;
  uint32_t offset = offset_of(path, params.at("position"));
  Analysis a(workspace_.unit(path));
  json items = json::array();
  static const int kinds[] = {5, 6, 3, 9, 14}; // Field, Variable, Function, Module, Keyword
  for (const CompletionResult& c : complete(a, text_of(path), offset)) {
    json item = {{"label", c.label}, {"kind", kinds[c.kind]}};
    if (!c.detail.empty()) item["detail"] = c.detail;
    if (!c.doc.empty()) item["documentation"] = {{"kind", "markdown"}, {"value", c.doc}};
    items.push_back(item);
  }
  return {{"isIncomplete", false}, {"items", items}};
}

json Server::on_SignatureHelp(const json& params) {
  std::string path = path_of(params);
  if (!doc_of(path)) return nullptr;
  Analysis a(workspace_.unit(path));
  auto s = signature(a, offset_of(path, params.at("position")));
  if (!s) return nullptr;
  json ps = json::array();
  for (const std::string& p : s->parameters) ps.push_back({{"label", p}});
  json sig = {{"label", s->label}, {"parameters", ps}};
  if (!s->doc.empty()) sig["documentation"] = {{"kind", "markdown"}, {"value", s->doc}};
  return {{"signatures", json::array({sig})}, {"activeSignature", 0}, {"activeParameter", s->active}};
}

json Server::on_Definition(const json& params) {
  std::string path = path_of(params);
  Doc* d = doc_of(path);
  if (!d) return nullptr;
  workspace::Unit& unit = workspace_.unit(path);
  Analysis a(unit);
  return locations(unit, definition(a, offset_of(path, params.at("position"))), d->uri);
}

json Server::on_References(const json& params) {
  std::string path = path_of(params);
  Doc* d = doc_of(path);
  if (!d) return nullptr;
  Analysis a(workspace_.unit(path));
  bool decl = params.value("context", json::object()).value("includeDeclaration", true);
  json out = json::array();
  const std::string& text = text_of(path);
  for (base::Span s : references(a, offset_of(path, params.at("position")), decl))
    out.push_back(Location{d->uri, range_of(text, s)});
  return out;
}

json Server::on_DocumentHighlight(const json& params) {
  std::string path = path_of(params);
  if (!doc_of(path)) return nullptr;
  Analysis a(workspace_.unit(path));
  json out = json::array();
  const std::string& text = text_of(path);
  for (base::Span s : references(a, offset_of(path, params.at("position")), true))
    out.push_back({{"range", range_of(text, s)}, {"kind", 1}});
  return out;
}

json Server::on_PrepareRename(const json& params) {
  std::string path = path_of(params);
  if (!doc_of(path)) return nullptr;
  Analysis a(workspace_.unit(path));
  auto r = rename_range(a, offset_of(path, params.at("position")));
  if (!r) return nullptr;
  return range_of(text_of(path), *r);
}

json Server::on_Rename(const json& params) {
  std::string path = path_of(params);
  Doc* d = doc_of(path);
  if (!d) return nullptr;
  std::string name = params.at("newName").get<std::string>();
  uint32_t offset = offset_of(path, params.at("position"));
  Analysis a(workspace_.unit(path));
  if (!rename_range(a, offset)) return nullptr;
  json edits = json::array();
  const std::string& text = text_of(path);
  for (base::Span s : references(a, offset, true)) edits.push_back(TextEdit{range_of(text, s), name});
  return {{"changes", {{d->uri, edits}}}};
}

json Server::on_DocumentSymbol(const json& params) {
  std::string path = path_of(params);
  if (!doc_of(path)) return nullptr;
  Analysis a(workspace_.unit(path));
  std::vector<Symbol> syms = symbols(a);
  const std::string& text = text_of(path);
  LineIndex index(text);
  static const int kinds[] = {8, 19, 12, 13}; // Field, Object, Function, Variable
  // Symbols nest at most 32 levels (features.cpp), so this recursion is bounded.
  std::function<json(const std::vector<Symbol>&)> convert = [&](const std::vector<Symbol>& list) {
    json out = json::array();
    for (const Symbol& s : list) {
      json j = {{"name", s.name},
                {"kind", kinds[s.kind]},
                {"range", Range{index.position(s.range.begin), index.position(s.range.end)}},
                {"selectionRange", Range{index.position(s.selection.begin), index.position(s.selection.end)}}};
      if (!s.detail.empty()) j["detail"] = s.detail;
      if (!s.children.empty()) j["children"] = convert(s.children);
      out.push_back(j);
    }
    return out;
  };
  return convert(syms);
}

json Server::on_FoldingRange(const json& params) {
  std::string path = path_of(params);
  if (!doc_of(path)) return nullptr;
  Analysis a(workspace_.unit(path));
  LineIndex index(text_of(path));
  json out = json::array();
  for (base::Span s : folds(a)) {
    uint32_t b = index.position(s.begin).line, e = index.position(s.end).line;
    if (e <= b) continue;
    out.push_back({{"startLine", b}, {"endLine", e}});
  }
  return out;
}

} // namespace cairn::lsp
