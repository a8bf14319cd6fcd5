// `cairn repl`: an interactive session. Each line is an expression to evaluate and print,
// or a binding `let x = e` (without `in`) that later lines can use. A line ending with `\`
// continues on the next one. Commands: `:help`, `:quit`. Errors are printed and the
// session goes on.
#include <fmt/core.h>

#include <cstdio>
#include <iostream>
#include <string>

#include "cli/evaluate.h"
#include "compiler/parse/parse.h"

namespace cairn::cli {

namespace {

// Does `text` parse as a whole program? (Errors are not reported.)
bool parses(Driver& driver, const std::string& text) {
  diag::CollectingConsumer sink;
  diag::Diagnostics quiet(&sink);
  base::FileId f = driver.sources.add("<repl check>", text);
  ast::File tree = parse::parse(driver.sources, f, driver.names, quiet);
  return !quiet.has_errors() && !tree.has_error();
}

const char* kHelp =
    "Type an expression to evaluate it, or `let name = expression` to define a name.\n"
    "End a line with `\\` to continue it on the next one.\n"
    "Commands: :help, :quit\n";

} // namespace

void register_repl(CLI::App& app, Driver& driver) {
  auto opts = std::make_shared<EvalOptions>();
  CLI::App* cmd = app.add_subcommand("repl", "Start an interactive session");
  cmd->add_option("-I,--import-path", opts->include_dirs, "a directory to search for imports (repeatable)");
  cmd->callback([&driver, opts] {
    front::FrontEnd fe(driver.sources, driver.names, driver.diags, evaluator_options(*opts));
    std::vector<std::string> bindings;
    bool tty = isatty(0);
    if (tty) std::printf("cairn repl -- :help for help, :quit to leave\n");
    std::string input, line;
    int count = 0;
    while (true) {
      if (tty) {
        std::printf(input.empty() ? "> " : ". ");
        std::fflush(stdout);
      }
      if (!std::getline(std::cin, line)) break;
      if (!line.empty() && line.back() == '\\') {
        input += line.substr(0, line.size() - 1) + "\n";
        continue;
      }
      input += line;
      std::string text = input;
      input.clear();
      size_t first = text.find_first_not_of(" \t");
      if (first == std::string::npos) continue;
      if (text[first] == ':') {
        std::string command = text.substr(first);
        if (command == ":quit" || command == ":q") break;
        if (command == ":help" || command == ":h") std::printf("%s", kHelp);
        else std::printf("unknown command `%s` (:help lists them)\n", command.c_str());
        continue;
      }
      std::string prefix;
      for (const std::string& b : bindings) prefix += b + " in\n";
      bool binding = text.compare(first, 4, "let ") == 0 && !parses(driver, text) &&
                     parses(driver, text + "\nin null");
      std::string program = binding ? prefix + text + "\nin null" : prefix + text;
      base::FileId file = driver.sources.add(fmt::format("<repl {}>", ++count), program);
      eval::DeepOptions deep;
      deep.require_definitions = false;
      std::optional<eval::Value> v = fe.run(file, binding ? nullptr : &deep);
      if (binding) {
        if (v) bindings.push_back(text);
        continue;
      }
      if (v) std::printf("%s\n", fe.evaluator().print(*v).c_str());
      std::fflush(stdout);
    }
    driver.exit_code = kOk;
  });
}

} // namespace cairn::cli
