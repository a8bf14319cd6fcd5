// `cairn lsp`: the language server on standard input and output (compiler/lsp has the
// layers). This file only wires it to the runtime: the background evaluation that finds
// contract errors, with a time and memory budget. A deployment spec (a root record with
// `resources`) is evaluated as `cairn plan` reads it, every output unknown, so reading
// `resources.x.outputs.y` is no error; any other file is evaluated and forced deeply.
//
// Options: `--debounce MS` (default 150) waits that long after the last change before
// checking; `--sync` checks and evaluates synchronously after each message (for tests:
// the order of every notification is then fixed); `--eval-timeout S` and
// `--eval-memory MIB` bound the background evaluation; `--no-eval` turns it off.
#include <unistd.h>

#include "cli/driver.h"
#include "compiler/lsp/server.h"
#include "runtime/eval/evaluator.h"
#include "runtime/graph/conf_spec.h"

namespace cairn::cli {

namespace {

class RuntimeEvaluation : public lsp::Evaluation {
public:
  explicit RuntimeEvaluation(std::vector<std::string> include_dirs) : include_dirs_(std::move(include_dirs)) {}

  std::vector<lsp::EvalDiagnostic> evaluate(const std::string& path, const std::string& text,
                                            unsigned timeout_seconds, size_t max_memory) override {
    base::SourceMap sources;
    base::Names names;
    diag::CollectingConsumer sink;
    diag::Diagnostics diags(&sink);
    base::FileId file = sources.add(path, text);
    if (is_spec(text)) {
      graph::ConfSpecEvaluator spec(sources, names, file, include_dirs_);
      spec.evaluate_values({}, diags);
    } else {
      eval::EvaluatorOptions o;
      o.include_dirs = include_dirs_;
      o.max_seconds = timeout_seconds;
      o.max_memory = max_memory;
      eval::Evaluator ev(sources, names, diags, o);
      if (auto m = ev.load(file))
        if (auto v = ev.evaluate(*m)) ev.deep_force(*v, {});
    }
    std::vector<lsp::EvalDiagnostic> out;
    for (const diag::Diagnostic& d : sink.diagnostics) {
      lsp::EvalDiagnostic e;
      e.severity = d.severity == diag::Severity::Error ? 1 : 2;
      e.code = std::string(diag::kind_code(d.kind));
      e.message = d.message;
      if (!d.primary_label.empty()) e.message += " (" + d.primary_label + ")";
      for (const std::string& n : d.notes) e.message += "\nnote: " + n;
      if (d.loc.valid() && d.loc.file.index == file.index) {
        e.begin = d.loc.span.begin;
        e.end = d.loc.span.end;
      } else if (d.loc.valid()) {
        e.message = "in `" + sources.get(d.loc.file).path() + "`: " + e.message;
      }
      out.push_back(std::move(e));
    }
    return out;
  }

private:
  // A deployment spec names `resources` (the spec evaluator reports what else is wrong).
  static bool is_spec(const std::string& text) { return text.find("resources") != std::string::npos; }
  std::vector<std::string> include_dirs_;
};

} // namespace

void register_lsp(CLI::App& app, Driver& driver) {
  struct Options {
    int debounce_ms = 150;
    bool sync = false;
    bool no_eval = false;
    bool stdio = true;
    unsigned eval_timeout = 5;
    size_t eval_memory_mib = 512;
    std::vector<std::string> include_dirs;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("lsp", "Run the language server on stdin/stdout");
  cmd->add_option("--debounce", opts->debounce_ms, "milliseconds without changes before checking")
      ->default_val(opts->debounce_ms);
  cmd->add_flag("--sync", opts->sync, "check and evaluate synchronously after each message (tests)");
  cmd->add_flag("--no-eval", opts->no_eval, "no background evaluation (no contract errors)");
  cmd->add_option("--eval-timeout", opts->eval_timeout, "seconds an evaluation may run")->default_val(5);
  cmd->add_option("--eval-memory", opts->eval_memory_mib, "MiB an evaluation may use")->default_val(512);
  cmd->add_option("-I,--import-path", opts->include_dirs, "a directory to search for imports (repeatable)");
  // `--stdio` is what editors pass by habit.
  cmd->add_flag("--stdio", opts->stdio, "talk over standard input and output (the default)");
  cmd->callback([&driver, opts] {
    lsp::StdioTransport transport(STDIN_FILENO, STDOUT_FILENO);
    RuntimeEvaluation evaluation(opts->include_dirs);
    lsp::ServerOptions so;
    so.debounce_ms = opts->sync ? 0 : opts->debounce_ms;
    so.eval_timeout_seconds = opts->eval_timeout;
    so.eval_max_memory = opts->eval_memory_mib << 20;
    so.include_dirs = opts->include_dirs;
    std::unique_ptr<lsp::Scheduler> scheduler;
    if (opts->sync) scheduler = std::make_unique<lsp::SyncScheduler>();
    else scheduler = std::make_unique<lsp::ThreadScheduler>();
    lsp::Server server(transport, *scheduler, opts->no_eval ? nullptr : &evaluation, so);
    driver.exit_code = server.run();
  });
}

} // namespace cairn::cli
