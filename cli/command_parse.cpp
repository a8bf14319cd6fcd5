// `cairn parse FILE [--dump-ast]`: parse a file, report syntax errors, optionally print the
// AST. Exit 0 when the file parses cleanly, 1 otherwise.
#include <fmt/core.h>

#include "cli/driver.h"
#include "compiler/parse/parse.h"

namespace cairn::cli {

void register_parse(CLI::App& app, Driver& driver) {
  struct Options {
    std::string file;
    bool dump_ast = false;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("parse", "Parse a file and report syntax errors");
  cmd->add_option("FILE", opts->file, "the file to parse")->required();
  cmd->add_flag("--dump-ast", opts->dump_ast, "print the syntax tree");
  cmd->callback([&driver, opts] {
    auto file = driver.load(opts->file);
    if (!file) {
      driver.exit_code = kError;
      return;
    }
    ast::File tree = parse::parse(driver.sources, *file, driver.names, driver.diags);
    if (opts->dump_ast) {
      std::string text = ast::dump(tree, driver.sources.get(*file));
      std::fwrite(text.data(), 1, text.size(), stdout);
    }
    driver.exit_code = driver.diags.has_errors() ? kError : kOk;
  });
}

} // namespace cairn::cli
