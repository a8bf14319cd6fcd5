// What every subcommand shares: the source map, the name table and the diagnostics engine
// configured from the global options (`--message-format`, `--color`, `NO_COLOR`).
//
// Each subcommand lives in its own command_<name>.cpp and registers itself with
// `register_<name>(app, driver)`; its callback stores the exit code in `driver.exit_code`.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/names.h"
#include "compiler/base/source.h"
#include "compiler/diag/diagnostic.h"

namespace cairn::cli {

enum ExitCode : int { kOk = 0, kError = 1, kChanges = 2 };

class Driver {
public:
  Driver();

  // Call once the command line is parsed: picks the diagnostic renderer.
  void configure();
  // Loads a file, reporting E0001 when it cannot be read.
  std::optional<base::FileId> load(const std::string& path);
  // Reports a diagnostic without a source location.
  void error(diag::DiagKind kind, std::string message);

  base::SourceMap sources;
  base::Names names;
  diag::Diagnostics diags{nullptr};
  std::string message_format = "text";
  std::string color = "auto";
  int exit_code = kOk;
  // Field overrides after `--` (`cairn plan spec.conf -- params.domain='"x.org"'`), for the
  // commands that evaluate a spec (main.cpp refuses them for the others).
  std::vector<std::string> overrides;

private:
  std::unique_ptr<diag::DiagnosticConsumer> consumer_;
};

// Subcommand registration, one per command_*.cpp.
void register_parse(CLI::App& app, Driver& driver);
void register_typecheck(CLI::App& app, Driver& driver);
void register_eval(CLI::App& app, Driver& driver);
void register_export(CLI::App& app, Driver& driver);
void register_test(CLI::App& app, Driver& driver);
void register_query(CLI::App& app, Driver& driver);
void register_repl(CLI::App& app, Driver& driver);
void register_fmt(CLI::App& app, Driver& driver);
void register_lsp(CLI::App& app, Driver& driver);
void register_plan(CLI::App& app, Driver& driver);
void register_show(CLI::App& app, Driver& driver);
void register_apply(CLI::App& app, Driver& driver); // apply and destroy
void register_graph(CLI::App& app, Driver& driver);
void register_validate(CLI::App& app, Driver& driver);
void register_state(CLI::App& app, Driver& driver);
void register_output(CLI::App& app, Driver& driver);
void register_deployments(CLI::App& app, Driver& driver);
void register_reconcile(CLI::App& app, Driver& driver);
void register_providers(CLI::App& app, Driver& driver); // providers list|schema

} // namespace cairn::cli
