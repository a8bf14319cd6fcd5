// Subcommands that are planned but not built yet: each answers "not yet implemented"
// with exit code 1, so scripts can already call them and fail clearly. A command leaves
// this list when its own command_<name>.cpp lands.
#include <fmt/core.h>

#include "cli/driver.h"

namespace cairn::cli {

void register_stubs(CLI::App& app, Driver& driver) {
  struct Stub {
    const char* name;
    const char* help;
  };
  static const Stub stubs[] = {
      {"lsp", "Run the language server on stdin/stdout"},
  };
  for (const Stub& s : stubs) {
    CLI::App* cmd = app.add_subcommand(s.name, s.help);
    // Any arguments: a script gets the "not yet implemented" answer, not a usage error.
    cmd->allow_extras()->fallthrough(false);
    std::string name = s.name;
    cmd->callback([&driver, name] {
      driver.error(diag::DiagKind::NotImplemented, fmt::format("`cairn {}` is not yet implemented", name));
      driver.exit_code = kError;
    });
  }
}

} // namespace cairn::cli
