// Requests that edit or describe the text beyond the core navigation (server_navigation.cpp):
// code actions (quick fixes from the diagnostics' suggestions, actions.cpp), formatting and
// range formatting (format_range.cpp), semantic tokens (semantic.cpp) and workspace symbols
// (the open documents and the files they import). Each turns protocol JSON into the
// features' byte offsets and back.
#include <algorithm>
#include <cctype>

#include "compiler/lsp/features.h"
#include "compiler/lsp/server.h"

namespace cairn::lsp {

json Server::on_CodeAction(const json& params) {
  std::string path = path_of(params);
  Doc* d = doc_of(path);
  const workspace::Document* doc = workspace_.document(path);
  json out = json::array();
  if (!d || !doc) return out;
  const std::string& text = doc->text;
  LineIndex index(text);
  Range want = params.at("range").get<Range>();
  uint32_t want_begin = index.offset(want.start), want_end = index.offset(want.end);
  // The client's diagnostics for the range, and ours (the same, unless the client keeps
  // none), each once.
  std::vector<json> diags;
  auto add = [&](const json& list) {
    if (!list.is_array()) return;
    for (const json& x : list) {
      if (!x.is_object() || !x.contains("range") || !x.value("message", json()).is_string()) continue;
      bool seen = false;
      for (const json& y : diags) seen = seen || (y["range"] == x["range"] && y["message"] == x["message"]);
      if (!seen) diags.push_back(x);
    }
  };
  add(params.value("context", json::object()).value("diagnostics", json::array()));
  add(d->front);
  add(d->eval);
  for (const json& x : diags) {
    Range r = x.at("range").get<Range>();
    uint32_t b = index.offset(r.start), e = index.offset(r.end);
    if (e < want_begin || b > want_end || e < b) continue; // not in the range asked about
    std::string message = x["message"].get<std::string>();
    for (const QuickFix& fix : suggestion_fixes(message, std::string_view(text).substr(b, e - b))) {
      Range edit{index.position(b + fix.begin), index.position(b + fix.end)};
      out.push_back({{"title", "Replace `" + fix.wrong + "` with `" + fix.replacement + "`"},
                     {"kind", "quickfix"},
                     {"isPreferred", true},
                     {"diagnostics", json::array({x})},
                     {"edit", {{"changes", {{d->uri, json::array({TextEdit{edit, fix.replacement}})}}}}}});
    }
  }
  return out;
}

json Server::on_Formatting(const json& params) {
  std::string path = path_of(params);
  const workspace::Document* doc = workspace_.document(path);
  if (!doc) return nullptr;
  std::optional<std::string> out = format_document(path, doc->text);
  if (!out) return nullptr; // syntax errors: the diagnostics already say where
  if (*out == doc->text) return json::array();
  LineIndex index(doc->text);
  return json::array({TextEdit{{{0, 0}, index.position(static_cast<uint32_t>(doc->text.size()))}, *out}});
}

json Server::on_RangeFormatting(const json& params) {
  std::string path = path_of(params);
  const workspace::Document* doc = workspace_.document(path);
  if (!doc) return nullptr;
  std::optional<std::string> formatted = format_document(path, doc->text);
  if (!formatted) return nullptr; // syntax errors: the diagnostics already say where
  Range r = params.at("range").get<Range>();
  uint32_t last = r.end.line > r.start.line && r.end.character == 0 ? r.end.line - 1 : r.end.line;
  LineIndex index(doc->text);
  json out = json::array();
  for (const RangeEdit& e : range_format_edits(doc->text, *formatted, r.start.line, std::max(last, r.start.line)))
    out.push_back(TextEdit{{index.position(e.begin), index.position(e.end)}, e.text});
  return out;
}

json Server::on_SemanticTokensFull(const json& params) {
  std::string path = path_of(params);
  const workspace::Document* doc = workspace_.document(path);
  if (!doc) return nullptr;
  Analysis a(workspace_.unit(path));
  LineIndex index(doc->text);
  // Relative encoding: line delta, start delta, length, type, modifiers.
  json data = json::array();
  Position prev{0, 0};
  for (const SemanticToken& t : semantic_tokens(a, doc->text)) {
    Position b = index.position(t.begin), e = index.position(t.end);
    if (e.line != b.line || e.character <= b.character) continue;
    data.push_back(b.line - prev.line);
    data.push_back(b.line == prev.line ? b.character - prev.character : b.character);
    data.push_back(e.character - b.character);
    data.push_back(static_cast<int>(t.type));
    data.push_back(t.declaration ? 1 : 0);
    prev = b;
  }
  return {{"data", data}};
}

json Server::on_WorkspaceSymbol(const json& params) {
  std::string query = params.value("query", "");
  std::string q;
  for (char c : query) q += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // The query's characters in order (what clients call fuzzy matching).
  auto matches = [&](const std::string& name) {
    size_t k = 0;
    for (char c : name)
      if (k < q.size() && std::tolower(static_cast<unsigned char>(c)) == q[k]) ++k;
    return k == q.size();
  };
  static const int kinds[] = {8, 19, 12, 13}; // Field, Object, Function, Variable
  json out = json::array();
  std::set<std::string> seen;
  // The open documents and the files they import (not the embedded ones).
  for (const std::string& root : workspace_.open_paths()) {
    workspace::Unit& unit = workspace_.unit(root);
    Analysis a(unit);
    for (uint32_t id = 0; id < unit.program.module_count() && out.size() < 1000; ++id) {
      const resolve::Module& m = unit.program.module(id);
      if (!m.loaded || m.is_std || m.key.empty() || m.key[0] != '/' || !seen.insert(m.key).second) continue;
      std::string uri = path_to_uri(m.key);
      LineIndex index(unit.sources.get(m.file).text());
      // Flattened, with the enclosing names as the container.
      std::vector<std::pair<const Symbol*, std::string>> work;
      std::vector<Symbol> syms = symbols(a, &m);
      for (const Symbol& s : syms) work.push_back({&s, ""});
      while (!work.empty() && out.size() < 1000) {
        auto [s, container] = work.back();
        work.pop_back();
        if (matches(s->name)) {
          json j = {{"name", s->name},
                    {"kind", kinds[s->kind]},
                    {"location", Location{uri, {index.position(s->selection.begin), index.position(s->selection.end)}}}};
          if (!container.empty()) j["containerName"] = container;
          out.push_back(j);
        }
        std::string inner = container.empty() ? s->name : container + "." + s->name;
        for (const Symbol& c : s->children) work.push_back({&c, inner});
      }
    }
  }
  return out;
}

} // namespace cairn::lsp
