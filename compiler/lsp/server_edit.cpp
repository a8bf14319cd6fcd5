// Requests that edit or describe the text beyond the core navigation: code actions (quick
// fixes from the diagnostics' suggestions, actions.cpp). Each turns protocol JSON into the
// features' byte offsets and back.
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

} // namespace cairn::lsp
