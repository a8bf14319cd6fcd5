// The language server: JSON-RPC messages in, answers and notifications out, over a
// Transport (transport.h). The layers, as in clangd: transport (framing) -> this class
// (JSON-RPC, the method table of methods.def, documents and diagnostics) -> the features
// (features.h: byte offsets, no JSON) over the workspace (compiler/workspace). Background
// evaluations go through a Scheduler (synchronous in tests).
//
//   lsp::Server server(transport, scheduler, evaluator, options);
//   int code = server.run();   // until `exit`; 0 after a `shutdown`, else 1
//
// Diagnostics of a document (parse, names, types) are published after each change:
// at once with `debounce_ms` 0, else once no message arrived for that long. When the
// front end finds nothing, an Evaluation (if given) runs in the background with a time
// and memory budget and its errors (contract failures...) are published with them; a
// result for an older version of the document is dropped. An edit re-checks the open
// documents that import the edited one.
//
// Robustness: a malformed frame or message is answered with a JSON-RPC error when it has
// an id and logged otherwise; a request whose params do not fit gets InvalidParams; every
// request is answered, also after a `$/cancelRequest` (RequestCancelled).
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "compiler/lsp/protocol.h"
#include "compiler/lsp/scheduler.h"
#include "compiler/lsp/transport.h"
#include "compiler/workspace/workspace.h"

namespace cairn::lsp {

// An error found by evaluating a document, located in that document's text.
struct EvalDiagnostic {
  uint32_t begin = 0, end = 0; // bytes; both 0 when the error has no place in the file
  int severity = 1;
  std::string code, message;
};

// Evaluates a spec in the background (implemented on the evaluator by `cairn lsp`: the
// compiler does not depend on the runtime). Must be safe to call from a worker thread.
class Evaluation {
public:
  virtual ~Evaluation() = default;
  virtual std::vector<EvalDiagnostic> evaluate(const std::string& path, const std::string& text,
                                               unsigned timeout_seconds, size_t max_memory) = 0;
};

struct ServerOptions {
  int debounce_ms = 0; // 0: diagnostics right after each change
  unsigned eval_timeout_seconds = 5;
  size_t eval_max_memory = size_t(512) << 20;
  std::vector<std::string> include_dirs;
};

class Server {
public:
  Server(Transport& transport, Scheduler& scheduler, Evaluation* evaluation, ServerOptions options);
  int run();

  // Handles one message body (public for the fuzz target).
  void handle(const std::string& body);
  bool exited() const { return exited_; }

private:
#define CAIRN_LSP_METHOD(Name, Method, Kind) json on_##Name(const json& params);
#include "compiler/lsp/methods.def"

  struct Doc {
    std::string uri;
    int64_t version = 0;
    json front = json::array(); // published diagnostics of the front end
    json eval = json::array();  // of the last evaluation
    bool dirty = false;
    std::chrono::steady_clock::time_point due;
  };

  void reply(const json& id, json result);
  void reply_error(const json& id, int code, const std::string& message);
  void notify(const std::string& method, json params);
  std::string path_of(const json& params);
  Doc* doc_of(const std::string& path);
  void touch(const std::string& path);
  void publish_due(bool all);
  void publish(const std::string& path);
  void start_evaluation(const std::string& path);
  uint32_t offset_of(const std::string& path, const json& position);
  Range range_of(const std::string& text, base::Span span);

  Transport& transport_;
  Scheduler& scheduler_;
  Evaluation* evaluation_;
  ServerOptions options_;
  workspace::Workspace workspace_;
  std::map<std::string, Doc> docs_;
  std::set<std::string> cancelled_; // ids (as JSON text) cancelled before they ran
  std::deque<std::string> inbox_;
  bool initialized_ = false;
  bool shutdown_ = false;
  bool exited_ = false;
};

} // namespace cairn::lsp
