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
// documents that import the edited one. For a deployment spec the Evaluation also plans
// (against the current state, reading no real object): the result is kept with the
// document for its code lenses, the hover of its resources and `cairn.showPlan`
// (server_plan.cpp).
//
// Robustness: a malformed frame or message is answered with a JSON-RPC error when it has
// an id and logged otherwise; a request whose params do not fit gets InvalidParams; every
// request is answered, also after a `$/cancelRequest` (RequestCancelled).
#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "compiler/lsp/analysis.h"
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

// What a plan would do to one resource of a deployment spec (its code lens), and what the
// current state records of it (its hover).
struct ResourcePlan {
  std::vector<std::string> path; // the address's segments, under `resources`
  std::string address;
  std::string action;          // "+ create", "~ update (content)", "-/+ replace (path)", "no changes"...
  uint32_t begin = 0, end = 0; // its definition in the text evaluated; both 0 when elsewhere
  std::string state;           // markdown: the record in state; empty when state has none
};

// What the background evaluation of a document found.
struct EvalResult {
  std::vector<EvalDiagnostic> diagnostics;
  // A deployment spec: it was planned against the current state (`resources`), or why not
  // (`summary` then says so and `resources` is empty).
  bool planned = false;
  std::vector<ResourcePlan> resources; // sorted by address
  std::string summary;                 // "Plan: 1 to add, 0 to change, 0 to destroy."
  std::string plan_text;               // the whole plan, as `cairn plan --refresh=false` shows it
};

// The open documents a file's evaluation reads (path -> text): its imports that are open,
// whose unsaved texts the evaluation sees instead of the disk.
using Documents = std::map<std::string, std::string>;

// Evaluates a document in the background (implemented on the evaluator and the planner by
// `cairn lsp`: the compiler does not depend on the runtime). Must be safe to call from a
// worker thread; never throws.
class Evaluation {
public:
  virtual ~Evaluation() = default;
  virtual EvalResult evaluate(const std::string& path, const std::string& text, const Documents& documents,
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
    // The last evaluation's plan (deployment specs), for the text it evaluated.
    std::shared_ptr<const EvalResult> plan;
    int64_t plan_version = -1;
    // The version last posted for evaluation: queued evaluations of older ones are skipped.
    std::shared_ptr<std::atomic<int64_t>> latest = std::make_shared<std::atomic<int64_t>>(-1);
  };

  void reply(const json& id, json result);
  void reply_error(const json& id, int code, const std::string& message);
  void notify(const std::string& method, json params);
  std::string path_of(const json& params);
  Doc* doc_of(const std::string& path);
  const std::string& text_of(const std::string& path);
  void touch(const std::string& path);
  void publish_due(bool all);
  void publish(const std::string& path);
  void start_evaluation(const std::string& path);
  uint32_t offset_of(const std::string& path, const json& position);
  Range range_of(const std::string& text, base::Span span);
  const ResourcePlan* resource_plan_at(const std::string& path, Analysis& a, uint32_t offset);

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
