// `cairn plan SPEC [--state S] [--stack N] [-o PLAN] [--json] [--detailed-exitcode]
//  [--refresh=false] [--target ADDR]... [--replace ADDR]... [--destroy]`:
// show what an apply would change. Exit 0 (1 on errors); with --detailed-exitcode, 2 when
// the plan holds changes.
#include <cstdio>
#include <fstream>

#include <fmt/core.h>

#include "cli/deploy_common.h"

namespace cairn::cli {

void register_plan(CLI::App& app, Driver& driver) {
  struct Options {
    std::vector<std::string> spec;
    StateOptions state;
    PlanFlags flags;
    std::string out;
    bool json = false;
    bool detailed = false;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("plan", "Show what an apply would change");
  add_spec_files(cmd, opts->spec);
  add_state_options(cmd, opts->state);
  add_plan_flags(cmd, opts->flags, true);
  cmd->add_option("-o,--out", opts->out, "save the plan to this file, for `cairn apply PLAN`");
  cmd->add_flag("--json", opts->json, "print the plan as JSON (Terraform's `show -json` shape)");
  cmd->add_flag("--detailed-exitcode", opts->detailed, "exit 2 when the plan holds changes");
  cmd->callback([&driver, opts] {
    driver.exit_code = kError;
    std::unique_ptr<state::Store> store;
    state::Snapshot snapshot;
    if (!read_state(driver, opts->state, &store, &snapshot)) return;
    auto spec = load_spec_with_overrides(driver, opts->spec);
    if (!spec) return;
    providers::Registry registry;
    auto plan = make_plan(driver, spec.get(), opts->spec, snapshot, registry, opts->flags, opts->state);
    if (!plan) return;
    if (!opts->out.empty()) {
      std::ofstream f(opts->out, std::ios::binary);
      plan::write_plan_file(*plan, f);
      f.close();
      if (!f) {
        driver.error(diag::DiagKind::FileUnreadable, fmt::format("cannot write the plan to `{}`", opts->out));
        return;
      }
    }
    if (opts->json) {
      std::string json = plan::render_json(*plan);
      std::fwrite(json.data(), 1, json.size(), stdout);
    } else {
      if (snapshot.interrupted)
        std::printf("Note: the last apply of stack `%s` was interrupted; planning from what it "
                    "finished.\n\n",
                    opts->state.stack.c_str());
      plan::render_text(*plan, stdout_color(driver), [](std::string& chunk) {
        std::fwrite(chunk.data(), 1, chunk.size(), stdout);
        chunk.clear();
      });
      if (!opts->out.empty())
        std::printf("\nSaved the plan to: %s\n\nTo perform exactly these actions, run:\n    cairn apply %s\n",
                    opts->out.c_str(), opts->out.c_str());
    }
    driver.exit_code = opts->detailed && plan->has_changes() ? kChanges : kOk;
  });
}

} // namespace cairn::cli
