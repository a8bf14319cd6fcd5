// The `cairn` command: global options, subcommand dispatch, exit codes.
//
// Exit codes: 0 success, 1 error (including usage errors, which also print the usage),
// 2 "changes present" for `plan --detailed-exitcode`.
#include <cstdio>
#include <iostream>

#include "cli/driver.h"

#ifndef CAIRN_VERSION
#define CAIRN_VERSION "0.0.0"
#endif

int main(int argc, char** argv) {
  cairn::cli::Driver driver;
  CLI::App app{"cairn: typed configuration and deployments", "cairn"};
  app.set_version_flag("--version", "cairn " CAIRN_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  app.add_option("--message-format", driver.message_format, "how to print diagnostics")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
  app.add_option("--color", driver.color, "colour diagnostics")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->default_str("auto");
  app.parse_complete_callback([&driver] { driver.configure(); });

  CLI::App* help = app.add_subcommand("help", "Show help for cairn or one of its commands");
  std::string topic;
  help->add_option("COMMAND", topic, "the command to explain");
  help->callback([&] {
    CLI::App* target = &app;
    if (!topic.empty()) {
      try {
        target = app.get_subcommand(topic);
      } catch (const CLI::OptionNotFound&) {
        std::cerr << "error: no command named `" << topic << "`\n\n" << app.help();
        driver.exit_code = cairn::cli::kError;
        return;
      }
    }
    std::cout << target->help();
  });
  cairn::cli::register_parse(app, driver);
  cairn::cli::register_plan(app, driver);
  cairn::cli::register_show(app, driver);
  cairn::cli::register_apply(app, driver);
  cairn::cli::register_graph(app, driver);
  cairn::cli::register_validate(app, driver);
  cairn::cli::register_state(app, driver);
  cairn::cli::register_output(app, driver);
  cairn::cli::register_deployments(app, driver);
  cairn::cli::register_reconcile(app, driver);
  cairn::cli::register_providers(app, driver);
  cairn::cli::register_typecheck(app, driver);
  cairn::cli::register_eval(app, driver);
  cairn::cli::register_export(app, driver);
  cairn::cli::register_test(app, driver);
  cairn::cli::register_query(app, driver);
  cairn::cli::register_repl(app, driver);
  cairn::cli::register_fmt(app, driver);
  cairn::cli::register_lsp(app, driver);

  // Everything after `--` is a field override (`path=value`), not for CLI11; only the
  // commands that evaluate a spec take them.
  int args = argc;
  std::string command;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (command.empty() && !a.empty() && a[0] != '-') command = a;
    if (a == "--") {
      args = i;
      for (int k = i + 1; k < argc; ++k) driver.overrides.emplace_back(argv[k]);
      break;
    }
  }
  if (!driver.overrides.empty() && command != "plan" && command != "apply" && command != "destroy" &&
      command != "import" && command != "graph" && command != "validate") {
    std::cerr << "error: only plan, apply, destroy, import, graph and validate take field overrides after `--`\n";
    return cairn::cli::kError;
  }
  try {
    app.parse(args, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::CallForVersion& e) {
    std::cout << e.what() << "\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    std::cerr << "error: " << e.what() << "\n\n";
    const CLI::App* sub = &app;
    for (const CLI::App* s : app.get_subcommands()) sub = s;
    std::cerr << sub->help();
    return cairn::cli::kError;
  }
  return driver.exit_code;
}
