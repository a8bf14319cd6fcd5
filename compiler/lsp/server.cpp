// JSON-RPC dispatch, lifecycle, documents and diagnostics; see server.h. The language
// features themselves are in features.h; here they are only called and their results
// turned into protocol JSON.
#include "compiler/lsp/server.h"

#include <cstdio>
#include <stdexcept>

#include "compiler/lsp/features.h"

namespace cairn::lsp {

namespace {

enum class Kind { Request, Notification };

struct Entry {
  json (Server::*handler)(const json&);
  Kind kind;
};

std::string id_key(const json& id) { return id.dump(); }

} // namespace

Server::Server(Transport& transport, Scheduler& scheduler, Evaluation* evaluation, ServerOptions options)
    : transport_(transport), scheduler_(scheduler), evaluation_(evaluation), options_(std::move(options)),
      workspace_(options_.include_dirs) {}

void Server::reply(const json& id, json result) {
  transport_.write(json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}}.dump(
      -1, ' ', false, json::error_handler_t::replace));
}

void Server::reply_error(const json& id, int code, const std::string& message) {
  transport_.write(json{{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}}.dump(
      -1, ' ', false, json::error_handler_t::replace));
}

void Server::notify(const std::string& method, json params) {
  transport_.write(json{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}}.dump(
      -1, ' ', false, json::error_handler_t::replace));
}

int Server::run() {
  using clock = std::chrono::steady_clock;
  auto* stdio = dynamic_cast<StdioTransport*>(&transport_);
  while (!exited_) {
    // Wait for a message, or until the next diagnostics are due, or for an evaluation.
    int timeout = -1;
    auto now = clock::now();
    for (auto& [path, d] : docs_) {
      if (!d.dirty) continue;
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(d.due - now).count();
      int t = ms < 0 ? 0 : static_cast<int>(ms);
      timeout = timeout < 0 ? t : std::min(timeout, t);
    }
    if (scheduler_.busy()) timeout = timeout < 0 ? 20 : std::min(timeout, 20);
    bool timed_out = false;
    std::optional<std::string> body = transport_.read(inbox_.empty() ? timeout : 0, &timed_out);
    if (stdio) {
      std::string e = stdio->take_error();
      if (!e.empty()) std::fprintf(stderr, "cairn lsp: %s", e.c_str());
    }
    if (body) {
      inbox_.push_back(std::move(*body));
      // Take whatever else already arrived, so cancellations are seen before the work.
      while (true) {
        bool none = false;
        auto more = transport_.read(0, &none);
        if (!more) break;
        inbox_.push_back(std::move(*more));
      }
    } else if (!timed_out && inbox_.empty()) {
      break; // end of input without `exit`
    }
    while (!inbox_.empty() && !exited_) {
      std::string m = std::move(inbox_.front());
      inbox_.pop_front();
      handle(m);
      scheduler_.drain(); // finished evaluations, in order in the synchronous mode
    }
    scheduler_.drain();
    publish_due(false);
  }
  return shutdown_ ? 0 : 1;
}

void Server::handle(const std::string& body) {
  static const std::map<std::string, Entry, std::less<>> table = {
#define CAIRN_LSP_METHOD(Name, Method, K) {Method, {&Server::on_##Name, Kind::K}},
#include "compiler/lsp/methods.def"
  };
  json msg = json::parse(body, nullptr, false);
  if (msg.is_discarded()) {
    reply_error(nullptr, ParseError, "the message is not JSON");
    return;
  }
  if (!msg.is_object()) {
    reply_error(nullptr, InvalidRequest, "a message is a JSON object");
    return;
  }
  json id = msg.contains("id") ? msg["id"] : json();
  bool is_request = msg.contains("id") && (id.is_number() || id.is_string());
  if (!msg.contains("method") || !msg["method"].is_string()) {
    if (msg.contains("result") || msg.contains("error")) return; // a response to us: none expected
    reply_error(is_request ? id : json(), InvalidRequest, "a message needs a method");
    return;
  }
  std::string method = msg["method"];
  auto it = table.find(method);
  if (it == table.end()) {
    if (is_request) reply_error(id, MethodNotFound, "unknown method `" + method + "`");
    return;
  }
  if (!initialized_ && method != "initialize" && method != "exit") {
    if (is_request) reply_error(id, ServerNotInitialized, "the server is not initialized yet");
    return;
  }
  if (shutdown_ && method != "exit") {
    if (is_request) reply_error(id, InvalidRequest, "the server is shutting down");
    return;
  }
  if (is_request && cancelled_.erase(id_key(id))) {
    reply_error(id, RequestCancelled, "cancelled");
    return;
  }
  json params = msg.contains("params") ? msg["params"] : json::object();
  try {
    json result = (this->*(it->second.handler))(params);
    if (is_request) reply(id, std::move(result));
  } catch (const json::exception& e) {
    if (is_request) reply_error(id, InvalidParams, std::string("invalid params: ") + e.what());
  } catch (const std::invalid_argument& e) {
    if (is_request) reply_error(id, InvalidParams, e.what());
  } catch (const std::exception& e) {
    if (is_request) reply_error(id, InternalError, e.what());
  }
}

// ----- lifecycle

json Server::on_Initialize(const json& params) {
  (void)params;
  initialized_ = true;
  json caps = {
      {"textDocumentSync", {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
      {"hoverProvider", true},
      {"completionProvider", {{"triggerCharacters", {"."}}, {"resolveProvider", false}}},
      {"signatureHelpProvider", {{"triggerCharacters", {" "}}}},
      {"definitionProvider", true},
      {"referencesProvider", true},
      {"documentHighlightProvider", true},
      {"renameProvider", {{"prepareProvider", true}}},
      {"documentSymbolProvider", true},
      {"foldingRangeProvider", true},
      {"documentFormattingProvider", true},
      {"codeLensProvider", {{"resolveProvider", false}}},
      {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}},
      {"documentRangeFormattingProvider", true},
      {"workspaceSymbolProvider", true},
      {"semanticTokensProvider", {{"legend", {{"tokenTypes", std::vector<std::string>(std::begin(kSemanticTypes), std::end(kSemanticTypes))},
                                              {"tokenModifiers", {"declaration"}}}},
                                  {"full", true}}},
      {"executeCommandProvider", {{"commands", {"cairn.showPlan"}}}},
  };
  return {{"capabilities", caps}, {"serverInfo", {{"name", "cairn"}, {"version", "0.1"}}}};
}
json Server::on_Initialized(const json&) { return nullptr; }
json Server::on_Shutdown(const json&) {
  shutdown_ = true;
  return nullptr;
}
json Server::on_Exit(const json&) {
  exited_ = true;
  return nullptr;
}
json Server::on_CancelRequest(const json& params) {
  if (params.contains("id")) cancelled_.insert(id_key(params["id"]));
  return nullptr;
}
json Server::on_SetTrace(const json&) { return nullptr; }
json Server::on_DidChangeConfiguration(const json&) { return nullptr; }

// ----- documents

std::string Server::path_of(const json& params) {
  return workspace::Workspace::normalize(uri_to_path(params.at("textDocument").at("uri").get<std::string>()));
}

Server::Doc* Server::doc_of(const std::string& path) {
  auto it = docs_.find(path);
  return it == docs_.end() ? nullptr : &it->second;
}

// The workspace's text of a document, empty when the workspace does not hold it (the
// server's and the workspace's documents can differ after a failed open; found by the
// lsp fuzzer): requests then answer about an empty file instead of reading through null.
const std::string& Server::text_of(const std::string& path) {
  static const std::string kEmpty;
  const workspace::Document* d = workspace_.document(path);
  return d ? d->text : kEmpty;
}

void Server::touch(const std::string& path) {
  Doc* d = doc_of(path);
  if (!d) return;
  d->dirty = true;
  d->due = std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.debounce_ms);
  if (options_.debounce_ms == 0) publish(path);
}

json Server::on_DidOpen(const json& params) {
  const json& td = params.at("textDocument");
  std::string path = path_of(params);
  Doc& d = docs_[path];
  d.uri = td.at("uri").get<std::string>();
  d.version = td.value("version", 0);
  d.eval = json::array();
  std::vector<std::string> importers = workspace_.set(path, td.at("text").get<std::string>(), d.version);
  touch(path);
  for (const std::string& p : importers) touch(p);
  return nullptr;
}

json Server::on_DidChange(const json& params) {
  std::string path = path_of(params);
  const workspace::Document* cur = workspace_.document(path);
  Doc* d = doc_of(path);
  if (!cur || !d) return nullptr;
  std::string text = cur->text;
  for (const json& c : params.at("contentChanges")) {
    ContentChange change = c.get<ContentChange>();
    if (!change.range) {
      text = std::move(change.text);
      continue;
    }
    LineIndex index(text);
    uint32_t b = index.offset(change.range->start), e = index.offset(change.range->end);
    if (e < b) std::swap(b, e);
    text.replace(b, e - b, change.text);
  }
  d->version = params.at("textDocument").value("version", d->version + 1);
  std::vector<std::string> importers = workspace_.set(path, std::move(text), d->version);
  touch(path);
  for (const std::string& p : importers) touch(p);
  return nullptr;
}

// A save plans again (the state may have changed since: an apply in a terminal).
json Server::on_DidSave(const json& params) {
  std::string path = path_of(params);
  Doc* d = doc_of(path);
  if (d && !d->dirty && d->front.empty()) start_evaluation(path);
  return nullptr;
}

json Server::on_DidClose(const json& params) {
  std::string path = path_of(params);
  std::vector<std::string> importers = workspace_.close(path);
  if (docs_.count(path)) {
    notify("textDocument/publishDiagnostics", {{"uri", docs_[path].uri}, {"diagnostics", json::array()}});
    docs_.erase(path);
  }
  for (const std::string& p : importers) touch(p);
  return nullptr;
}

json Server::on_DidChangeWatchedFiles(const json& params) {
  for (const json& c : params.value("changes", json::array())) {
    std::string path = workspace::Workspace::normalize(uri_to_path(c.at("uri").get<std::string>()));
    if (workspace_.document(path)) continue; // the editor's text wins
    for (const std::string& p : workspace_.file_changed(path)) touch(p);
  }
  return nullptr;
}

// ----- diagnostics

Range Server::range_of(const std::string& text, base::Span span) {
  LineIndex index(text);
  return {index.position(span.begin), index.position(span.end)};
}

void Server::publish_due(bool all) {
  auto now = std::chrono::steady_clock::now();
  std::vector<std::string> due;
  for (auto& [path, d] : docs_)
    if (d.dirty && (all || d.due <= now)) due.push_back(path);
  for (const std::string& p : due) publish(p);
}

void Server::publish(const std::string& path) {
  Doc* d = doc_of(path);
  const workspace::Document* doc = workspace_.document(path);
  if (!d || !doc) return;
  d->dirty = false;
  workspace::Unit& unit = workspace_.unit(path);
  LineIndex index(doc->text);
  json out = json::array();
  for (const diag::Diagnostic& g : unit.diagnostics) {
    Diagnostic x;
    x.severity = g.severity == diag::Severity::Error ? 1 : g.severity == diag::Severity::Warning ? 2 : 3;
    x.code = std::string(diag::kind_code(g.kind));
    x.message = g.message;
    if (!g.primary_label.empty()) x.message += " (" + g.primary_label + ")";
    for (const std::string& n : g.notes) x.message += "\nnote: " + n;
    for (const std::string& h : g.helps) x.message += "\nhelp: " + h;
    if (g.loc.valid() && g.loc.file.index == unit.file.index) {
      x.range = {index.position(g.loc.span.begin), index.position(g.loc.span.end)};
    } else if (g.loc.valid()) {
      x.message = "in `" + unit.sources.get(g.loc.file).path() + "`: " + x.message;
    }
    for (const diag::Label& l : g.labels) {
      if (!l.loc.valid()) continue;
      const std::string& lp = unit.sources.get(l.loc.file).path();
      if (l.loc.file.index == unit.file.index) {
        x.related.push_back({Location{d->uri, {index.position(l.loc.span.begin), index.position(l.loc.span.end)}}, l.message});
      } else if (!lp.empty() && lp[0] == '/') {
        LineIndex li(unit.sources.get(l.loc.file).text());
        x.related.push_back({Location{path_to_uri(lp), {li.position(l.loc.span.begin), li.position(l.loc.span.end)}}, l.message});
      }
    }
    out.push_back(x);
  }
  d->front = out;
  bool clean = unit.diagnostics.empty();
  if (!clean) d->eval = json::array();
  json all = d->front;
  for (const json& e : d->eval) all.push_back(e);
  notify("textDocument/publishDiagnostics", {{"uri", d->uri}, {"version", d->version}, {"diagnostics", all}});
  if (clean) start_evaluation(path);
}

void Server::start_evaluation(const std::string& path) {
  if (!evaluation_) return;
  const workspace::Document* doc = workspace_.document(path);
  Doc* d = doc_of(path);
  if (!doc || !d) return;
  std::string text = doc->text;
  int64_t version = d->version;
  Evaluation* ev = evaluation_;
  unsigned timeout = options_.eval_timeout_seconds;
  size_t memory = options_.eval_max_memory;
  std::shared_ptr<std::atomic<int64_t>> latest = d->latest;
  latest->store(version);
  scheduler_.post([this, ev, path, text, version, timeout, memory, latest]() -> std::function<void()> {
    if (latest->load() != version) return {}; // a newer text was posted: this one is moot
    auto found = std::make_shared<const EvalResult>(ev->evaluate(path, text, timeout, memory));
    return [this, path, text, version, found] {
      Doc* d = doc_of(path);
      if (!d || d->version != version) return; // a newer text is being checked
      d->plan = found;
      d->plan_version = version;
      LineIndex index(text);
      json eval = json::array();
      for (const EvalDiagnostic& e : found->diagnostics) {
        Diagnostic x;
        x.range = {index.position(e.begin), index.position(e.end)};
        x.severity = e.severity;
        x.code = e.code;
        x.message = e.message;
        eval.push_back(x);
      }
      if (eval == d->eval) return;
      d->eval = eval;
      json all = d->front;
      for (const json& e : d->eval) all.push_back(e);
      notify("textDocument/publishDiagnostics", {{"uri", d->uri}, {"version", d->version}, {"diagnostics", all}});
    };
  });
}

// ----- features

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

} // namespace cairn::lsp
