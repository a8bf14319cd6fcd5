// `cairn show PLAN [--json]`: a saved plan as `cairn plan` showed it, or as JSON in the shape
// of `terraform show -json PLAN` (the Terraform part a plan file leaves out, rendered again
// from its cairn section). The file is checked as `cairn apply` checks it: a damaged or
// edited plan is refused with the same located diagnostics.
#include <cstdio>
#include <fstream>
#include <iterator>

#include <fmt/core.h>

#include "cli/deploy_common.h"
#include "runtime/plan/plan_file.h"

namespace cairn::cli {

void register_show(CLI::App& app, Driver& driver) {
  struct Options {
    std::string plan;
    bool json = false;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("show", "Show a saved plan");
  cmd->add_option("PLAN", opts->plan, "a plan file written by `cairn plan -o`")->required();
  cmd->add_flag("--json", opts->json, "print it as JSON (Terraform's `show -json` shape)");
  cmd->callback([&driver, opts] {
    driver.exit_code = kError;
    std::ifstream f(opts->plan, std::ios::binary);
    if (!f) {
      driver.error(diag::DiagKind::FileUnreadable, fmt::format("cannot read `{}`", opts->plan));
      return;
    }
    std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    if (plan::classify_apply_input(opts->plan, text) != plan::ApplyInputKind::Plan) {
      base::FileId file = driver.sources.add(opts->plan, std::move(text));
      driver.diags.error(diag::DiagKind::NotAPlanFile, {file, {0, 0}},
                         fmt::format("`{}` is not a plan file (it has no `cairn` section)", opts->plan))
          .help("make one with `cairn plan SPEC -o PLAN`");
      return;
    }
    base::FileId file = driver.sources.add(opts->plan, std::move(text));
    auto plan = plan::read_plan_file(driver.sources, file, driver.diags);
    if (!plan) return;
    std::string out = opts->json ? plan::render_json(*plan) : plan::render_text(*plan, stdout_color(driver));
    std::fwrite(out.data(), 1, out.size(), stdout);
    driver.exit_code = kOk;
  });
}

} // namespace cairn::cli
