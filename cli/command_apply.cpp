// `cairn apply PLAN` and `cairn apply SPEC --auto-approve`: make the changes and record them
// in state; `cairn destroy SPEC --auto-approve`: destroy every resource of the stack;
// `cairn import ADDR ID SPEC...`: adopt an existing object into state, as read by its
// provider, without changing it (the next plan shows what it takes to match the spec).
// Exit 0 when every action succeeded, 1 otherwise.
#include <algorithm>
#include <fstream>

#include <fmt/core.h>

#include "cli/deploy_apply.h"
#include "runtime/apply/apply.h"
#include "runtime/plan/plan_file.h"
#include "compiler/base/sha256.h"

namespace cairn::cli {

namespace {

struct ApplyOptions {
  std::vector<std::string> targets; // PLAN, or the SPEC files
  StateOptions state;
  PlanFlags flags;
  bool auto_approve = false;
  uint32_t parallelism = 10;
};

void run_apply(Driver& driver, ApplyOptions& o, bool destroy) {
  driver.exit_code = kError;
  const std::string& first = o.targets.front();
  providers::Registry registry;
  plan::ApplyInputKind kind = plan::ApplyInputKind::Spec;
  std::optional<base::FileId> file;
  if (!destroy) {
    std::string text;
    {
      std::ifstream f(first, std::ios::binary);
      if (!f) {
        driver.error(diag::DiagKind::FileUnreadable, fmt::format("cannot read `{}`", first));
        return;
      }
      f.seekg(0, std::ios::end);
      text.resize(static_cast<size_t>(std::max<std::streamoff>(0, f.tellg())));
      f.seekg(0);
      f.read(text.data(), static_cast<std::streamsize>(text.size()));
      text.resize(static_cast<size_t>(f.gcount()));
    }
    kind = plan::classify_apply_input(first, text);
    // A plan's text goes to the source map for located diagnostics; a spec is loaded again.
    if (kind != plan::ApplyInputKind::Spec) file = driver.sources.add(first, std::move(text));
  }
  if (kind == plan::ApplyInputKind::Neither) {
    driver.diags.error(diag::DiagKind::NotAPlanFile, {*file, {0, driver.sources.get(*file).size() > 0 ? 1u : 0u}},
                       fmt::format("`{}` is neither a plan (it has no `cairn` section) nor a spec (it has no `resources`)", first))
        .note("applying a spec without resources would destroy everything in the stack")
        .help("to destroy everything, run `cairn destroy SPEC`; to apply a plan, make one with `cairn plan SPEC -o PLAN`");
    return;
  }
  if (kind == plan::ApplyInputKind::Plan) {
    if (o.targets.size() > 1 || !driver.overrides.empty()) {
      driver.error(diag::DiagKind::UsageError,
                   fmt::format("`{}` is a plan: it applies alone, with the files and overrides it recorded", first));
      return;
    }
    auto plan = plan::read_plan_file(driver.sources, *file, driver.diags);
    if (!plan) return;
    std::string_view text = driver.sources.get(*file).text();
    if (o.state.stack != "default" && o.state.stack != plan->stack) {
      driver.error(diag::DiagKind::InvalidStack,
                   fmt::format("the plan is for stack `{}`, not `{}`", plan->stack, o.state.stack));
      return;
    }
    o.state.stack = plan->stack;
    if (!check_outside_state(driver, *plan, state_path(o.state))) return;
    // The spec is needed again when inputs or outputs were unknown at plan time.
    bool needs_spec = plan->outputs.has_unknown();
    for (const plan::ResourceChange& c : plan->changes) needs_spec = needs_spec || c.after_inputs.has_unknown();
    std::unique_ptr<graph::SpecEvaluator> spec;
    if (!plan->spec_path.empty()) {
      if (needs_spec) {
        spec = load_spec(driver, plan->spec_files, plan->overrides);
        if (!spec) return;
        if (spec->content_hash() != plan->spec_hash) {
          std::string files;
          for (const std::string& f : plan->spec_files) files += (files.empty() ? "`" : ", `") + f + "`";
          driver.diags.error(diag::DiagKind::SpecChanged, {}, fmt::format("the spec ({}) changed since the plan was made", files))
              .help("make a new plan");
          return;
        }
      }
    }
    for (const auto& [name, settings] : plan->providers) {
      std::vector<providers::Problem> problems;
      registry.configure(name, settings, problems);
      for (const providers::Problem& p : problems) {
        driver.error(diag::DiagKind::InvalidProviderSettings, fmt::format("`providers.{}`: {}", name, p.message));
        return;
      }
    }
    std::unique_ptr<state::Store> store;
    std::unique_ptr<state::Lock> lock;
    if (!lock_state(driver, o.state, &store, &lock)) return;
    // The plan file hides sensitive values of prior records: take them from the state it was
    // made on (apply refuses a plan whose base commit is not the state's).
    state::Snapshot snapshot;
    std::string why_state;
    if (store->read(o.state.stack, &snapshot, &why_state) && snapshot.stack_tree == plan->base_stack_tree) {
      for (plan::ResourceChange& c : plan->changes)
        if (auto it = snapshot.resources.find(c.address); c.prior && it != snapshot.resources.end()) c.prior = it->second;
      plan->prior_outputs = snapshot.outputs;
    }
    execute_plan(driver, *plan, base::sha256_hex(text), *store, registry, spec.get(), o.parallelism, o.state);
    return;
  }
  // A spec: plan under the lock, show, confirm, apply.
  SpecApply request;
  request.files = o.targets;
  request.state = o.state;
  request.flags = o.flags;
  request.destroy = destroy;
  request.auto_approve = o.auto_approve;
  request.parallelism = o.parallelism;
  apply_spec(driver, request);
}

// `cairn import`: plan the import alone (the resource as target), keep only the adoption,
// and record it. Like `terraform import`, no approval is asked: nothing real changes.
void run_import(Driver& driver, ApplyOptions& o, const std::string& address, const std::string& id) {
  driver.exit_code = kError;
  std::unique_ptr<state::Store> store;
  std::unique_ptr<state::Lock> lock;
  if (!lock_state(driver, o.state, &store, &lock)) return;
  state::Snapshot snapshot;
  std::string why;
  if (!store->read(o.state.stack, &snapshot, &why)) {
    driver.error(diag::DiagKind::StateError, fmt::format("cannot read the state: {}", why));
    return;
  }
  auto spec = load_spec_with_overrides(driver, o.targets);
  if (!spec) return;
  providers::Registry registry;
  o.flags.imports = {address + "=" + id};
  o.flags.targets = {address};
  auto plan = make_plan(driver, spec.get(), o.targets, snapshot, registry, o.flags, o.state);
  if (!plan) return;
  std::vector<plan::ResourceChange> kept;
  std::vector<std::string> pending;
  for (plan::ResourceChange& c : plan->changes) {
    if (c.import_id.empty()) continue;
    if (c.action != plan::ActionKind::NoOp) pending.push_back(std::string(plan::action_spelling(c.action)));
    c.action = plan::ActionKind::NoOp;
    kept.push_back(std::move(c));
  }
  plan->changes = std::move(kept);
  plan->waits_for.assign(plan->changes.size(), {});
  plan->wave.assign(plan->changes.size(), 0);
  plan->outputs = plan->prior_outputs;
  plan->output_changes.clear();
  execute_plan(driver, *plan, plan::plan_file_sha256(*plan), *store, registry, spec.get(), o.parallelism, o.state);
  if (driver.exit_code != kOk) return;
  std::printf("\nImport successful: `%s` is in state now and managed by cairn.\n", plan->changes[0].address.c_str());
  if (!pending.empty())
    std::printf("It differs from the spec: `cairn plan` shows the %s that brings it in line.\n", pending[0].c_str());
}

} // namespace

void register_apply(CLI::App& app, Driver& driver) {
  auto opts = std::make_shared<ApplyOptions>();
  CLI::App* cmd = app.add_subcommand("apply", "Apply a plan or a spec");
  cmd->add_option("PLAN_OR_SPEC", opts->targets,
                  "a plan saved by `cairn plan -o`, or the spec's files (field overrides path=value after `--`)")
      ->required();
  add_state_options(cmd, opts->state);
  add_plan_flags(cmd, opts->flags, false);
  cmd->add_flag("--auto-approve", opts->auto_approve, "apply a spec without asking");
  cmd->add_option("--parallelism", opts->parallelism, "how many actions run at once")
      ->default_str("10")
      ->check(CLI::Range(1, 1000));
  cmd->callback([&driver, opts] { run_apply(driver, *opts, false); });

  auto dopts = std::make_shared<ApplyOptions>();
  CLI::App* dcmd = app.add_subcommand("destroy", "Destroy every resource of a deployment");
  add_spec_files(dcmd, dopts->targets);
  add_state_options(dcmd, dopts->state);
  add_plan_flags(dcmd, dopts->flags, false);
  dcmd->add_flag("--auto-approve", dopts->auto_approve, "destroy without asking");
  dcmd->add_option("--parallelism", dopts->parallelism, "how many actions run at once")
      ->default_str("10")
      ->check(CLI::Range(1, 1000));
  dcmd->callback([&driver, dopts] { run_apply(driver, *dopts, true); });

  struct ImportOptions {
    ApplyOptions apply;
    std::string address, id;
  };
  auto iopts = std::make_shared<ImportOptions>();
  CLI::App* icmd = app.add_subcommand("import", "Adopt an existing object into state as a resource of the spec");
  icmd->add_option("ADDR", iopts->address, "the resource's address in the spec, like resources.web.config")->required();
  icmd->add_option("ID", iopts->id, "the provider's id of the object (docs/providers/ says what it is per type)")
      ->required();
  add_spec_files(icmd, iopts->apply.targets);
  add_state_options(icmd, iopts->apply.state);
  icmd->callback([&driver, iopts] { run_import(driver, iopts->apply, iopts->address, iopts->id); });
}

} // namespace cairn::cli
