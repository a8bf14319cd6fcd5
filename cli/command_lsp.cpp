// `cairn lsp`: the language server on standard input and output (compiler/lsp has the
// layers). This file only wires it to the runtime (lsp_plan.h): the background evaluation
// that finds contract errors, with a time and memory budget, and for a deployment spec the
// plan against the current state (`--refresh=false`: no real object is read) that the code
// lenses, the hover of a resource and `cairn.showPlan` show.
//
// Options: `--debounce MS` (default 150) waits that long after the last change before
// checking; `--sync` checks and evaluates synchronously after each message (for tests:
// the order of every notification is then fixed); `--eval-timeout S` and
// `--eval-memory MIB` bound the background evaluation; `--no-eval` turns it off;
// `--state` and `--stack` say which state the plans read, as for `cairn plan`.
#include <unistd.h>

#include "cli/driver.h"
#include "cli/lsp_plan.h"
#include "compiler/lsp/server.h"

namespace cairn::cli {

void register_lsp(CLI::App& app, Driver& driver) {
  struct Options {
    int debounce_ms = 150;
    bool sync = false;
    bool no_eval = false;
    bool stdio = true;
    unsigned eval_timeout = 5;
    size_t eval_memory_mib = 512;
    std::vector<std::string> include_dirs;
    StateOptions state;
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
  add_state_options(cmd, opts->state);
  // `--stdio` is what editors pass by habit.
  cmd->add_flag("--stdio", opts->stdio, "talk over standard input and output (the default)");
  cmd->callback([&driver, opts] {
    lsp::StdioTransport transport(STDIN_FILENO, STDOUT_FILENO);
    RuntimeEvaluation evaluation(opts->include_dirs, opts->state);
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
