// `cairn parse FILE [--dump-ast] [--stats] [--whole-file]`: parse a file, report syntax
// errors, optionally print the AST. Exit 0 when the file parses cleanly, 1 otherwise.
//
// `--stats` prints what the parser did to stderr (tokens, ANTLR windows, memory);
// `--whole-file` parses without the chunk parser's fast path, as one ANTLR window: the
// reference the fast path is tested against (slow on big files).
#include "cli/driver.h"
#include "compiler/parse/parse.h"

#include <fmt/core.h>

namespace cairn::cli {

void register_parse(CLI::App& app, Driver& driver) {
  struct Options {
    std::string file;
    bool dump_ast = false;
    bool stats = false;
    bool whole_file = false;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("parse", "Parse a file and report syntax errors");
  cmd->add_option("FILE", opts->file, "the file to parse")->required();
  cmd->add_flag("--dump-ast", opts->dump_ast, "print the syntax tree");
  cmd->add_flag("--stats", opts->stats, "print parser statistics to stderr");
  cmd->add_flag("--whole-file", opts->whole_file,
                "parse as one window, without the fast path (for testing)");
  cmd->callback([&driver, opts] {
    auto file = driver.load(opts->file);
    if (!file) {
      driver.exit_code = kError;
      return;
    }
    parse::ParseStats stats;
    parse::ParseOptions options;
    options.whole_file = opts->whole_file;
    ast::File tree =
        parse::parse(driver.sources, *file, driver.names, driver.diags, &stats, options);
    if (opts->dump_ast) {
      std::string text = ast::dump(tree, driver.sources.get(*file));
      std::fwrite(text.data(), 1, text.size(), stdout);
    }
    if (opts->stats) {
      // The peak resident memory of this program image (VmHWM; getrusage's maxrss would
      // include the parent's memory from before exec).
      size_t peak_kb = 0;
      if (std::FILE* f = std::fopen("/proc/self/status", "r")) {
        char line[256];
        while (std::fgets(line, sizeof line, f))
          if (std::sscanf(line, "VmHWM: %zu kB", &peak_kb) == 1) break;
        std::fclose(f);
      }
      std::fprintf(stderr,
                   "tokens: %zu (%zu bytes)\nnodes: %u (%zu bytes)\nwindows: %u (deepest %u)\n"
                   "ll: %s\nrecovered: %s\npeak rss: %zu kB\n",
                   stats.tokens, stats.token_bytes, tree.node_count(), tree.memory_bytes(),
                   stats.windows, stats.max_depth, stats.used_ll ? "yes" : "no",
                   stats.recovered ? "yes" : "no", peak_kb);
    }
    driver.exit_code = driver.diags.has_errors() ? kError : kOk;
  });
}

} // namespace cairn::cli
