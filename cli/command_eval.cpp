// `cairn eval FILE... [--field a.b]`: evaluate files (merged with `&`) and print the whole
// value in the language's syntax. Exit 0, or 1 with a diagnostic.
#include <cstdio>

#include "cli/evaluate.h"

namespace cairn::cli {

void register_eval(CLI::App& app, Driver& driver) {
  auto opts = std::make_shared<EvalOptions>();
  CLI::App* cmd = app.add_subcommand("eval", "Evaluate files and print the value");
  add_eval_options(cmd, *opts);
  cmd->callback([&driver, opts] {
    front::FrontEnd fe(driver.sources, driver.names, driver.diags, evaluator_options(*opts));
    eval::Evaluator& ev = fe.evaluator();
    std::optional<eval::Value> v = evaluate_files(driver, fe, *opts);
    eval::DeepOptions deep;
    deep.require_definitions = false;
    if (v) v = ev.deep_force(*v, deep);
    if (!v) {
      driver.exit_code = kError;
      return;
    }
    std::string text = ev.print(*v);
    text += '\n';
    std::fwrite(text.data(), 1, text.size(), stdout);
    driver.exit_code = kOk;
  });
}

} // namespace cairn::cli
