// JSON-RPC dispatch, lifecycle, documents and diagnostics; see server.h. The requests are
// answered in server_navigation.cpp, server_edit.cpp and server_plan.cpp; the language
// features themselves are in features.h, and the server only calls them and turns their
// results into protocol JSON.
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
  // The open documents of its import graph (the unit of `path` is current: it was just
  // checked), copied for the worker.
  Documents documents;
  for (const std::string& read : workspace_.unit(path).loader.read)
    if (const workspace::Document* other = read != path ? workspace_.document(read) : nullptr)
      documents.emplace(read, other->text);
  int64_t version = d->version;
  Evaluation* ev = evaluation_;
  unsigned timeout = options_.eval_timeout_seconds;
  size_t memory = options_.eval_max_memory;
  std::shared_ptr<std::atomic<int64_t>> latest = d->latest;
  latest->store(version);
  scheduler_.post([this, ev, path, text, documents = std::move(documents), version, timeout, memory,
                   latest]() -> std::function<void()> {
    if (latest->load() != version) return {}; // a newer text was posted: this one is moot
    auto found = std::make_shared<const EvalResult>(ev->evaluate(path, text, documents, timeout, memory));
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

} // namespace cairn::lsp
