// Running plans and applying specs; see deploy_apply.h.
#include "cli/deploy_apply.h"

#include "runtime/apply/apply.h"
#include "runtime/plan/plan_file.h"
#include "runtime/state/claim_lease.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fmt/core.h>
#include <iostream>
#include <memory>
#include <unistd.h>

namespace cairn::cli {

namespace {

bool approve(Driver& driver, const char* verb) {
  if (!isatty(STDIN_FILENO)) {
    driver.diags
        .error(diag::DiagKind::ApprovalRequired, {},
               fmt::format("`cairn {}` needs `--auto-approve` when not run from a terminal", verb))
        .help("or save a plan with `cairn plan SPEC -o plan.json`, review it, and `cairn apply "
              "plan.json`");
    return false;
  }
  std::printf(
      "\nDo you want to perform these actions?\n  Only 'yes' will be accepted to approve.\n\n"
      "  Enter a value: ");
  std::fflush(stdout);
  std::string answer;
  std::getline(std::cin, answer);
  if (answer != "yes") {
    std::printf("\nApply cancelled.\n");
    return false;
  }
  std::printf("\n");
  return true;
}

std::string trailers(const plan::Plan& plan, const std::string& plan_hash) {
  std::string t = fmt::format("Cairn-Stack: {}\nCairn-Plan: sha256:{}\n", plan.stack, plan_hash);
  if (!plan.spec_path.empty()) {
    t += fmt::format("Cairn-Spec: {} sha256:{}\n", plan.spec_path, plan.spec_hash);
    for (size_t i = 1; i < plan.spec_files.size(); ++i)
      t += fmt::format("Cairn-Spec-File: {}\n", plan.spec_files[i]);
    for (const std::string& o : plan.overrides) t += fmt::format("Cairn-Override: {}\n", o);
    std::error_code ec;
    auto dir = std::filesystem::absolute(plan.spec_path, ec).parent_path();
    if (!ec)
      if (auto source = state::source_state(dir.string(), plan.spec_files))
        t += fmt::format("Cairn-Spec-Commit: {}\nCairn-Spec-Clean: {}\n", source->commit,
                         source->clean ? "yes" : "no");
  }
  t += "Cairn-Version: cairn " CAIRN_VERSION "\n";
  return t;
}

void print_outputs(const resource::Value& outputs, const std::vector<std::string>& sensitive) {
  if (!outputs.is_object() || outputs.as_object().empty()) return;
  std::printf("\nOutputs:\n\n");
  for (const resource::Member& m : outputs.as_object()) {
    bool hidden = std::find(sensitive.begin(), sensitive.end(), m.first) != sensitive.end();
    std::printf("%s = %s\n", m.first.c_str(),
                hidden ? "(sensitive value)" : resource::to_display(m.second).c_str());
  }
}

// How long a claim holds when its holder neither finishes nor renews it (it died); an apply
// renews its claim while it runs (state::ClaimLease).
constexpr int kClaimSeconds = 300;

size_t count_changes(const plan::Plan& plan) {
  return static_cast<size_t>(
      std::count_if(plan.changes.begin(), plan.changes.end(), [](const plan::ResourceChange& c) {
        return c.action != plan::ActionKind::NoOp;
      }));
}

} // namespace

ApplyReport execute_plan(Driver& driver, const plan::Plan& plan, const std::string& plan_sha256,
                         state::Store& store, providers::Registry& registry,
                         graph::SpecEvaluator* spec, uint32_t parallelism,
                         const StateOptions& state, const std::atomic<bool>* stop) {
  ApplyReport report;
  report.changes = count_changes(plan);
  bool live = isatty(STDOUT_FILENO) && std::getenv("CI") == nullptr;
  auto progress = live ? apply::make_live_progress(stdout, stdout_color(driver))
                       : apply::make_line_progress(stdout, stdout_color(driver));
  apply::ApplyInput in;
  in.plan = &plan;
  in.store = &store;
  in.providers = &registry;
  in.spec = spec;
  in.progress = progress.get();
  in.parallelism = parallelism;
  in.commit_message_trailers = trailers(plan, plan_sha256);
  in.stop = stop;
  apply::ApplyResult r = apply::run(in, driver.diags);
  progress.reset();
  report.stopped = stop && stop->load();
  if (r.results.size() != plan.changes.size()) return report; // refused before running
  report.outcome = ApplyOutcome::Failed;
  report.commit = r.commit;
  for (size_t i = 0; i < plan.changes.size(); ++i)
    if (r.results[i].status == apply::Status::Failed)
      driver.diags.error(
          diag::DiagKind::ProviderFailed, plan.changes[i].loc,
          fmt::format("`{}` failed: {}", plan.changes[i].address, r.results[i].error));
  std::printf("\n%s", apply::summary_text(plan, r).c_str());
  if (r.ok) print_outputs(r.outputs, plan.sensitive_outputs);
  bool lost = false;
  if (r.recorded && !publish_state(driver, state, r.commit, &lost)) {
    if (lost) report.outcome = ApplyOutcome::LostRace;
    return report;
  }
  if (r.ok && r.recorded) {
    driver.exit_code = kOk;
    report.outcome = ApplyOutcome::Applied;
  }
  return report;
}

ApplyReport apply_spec(Driver& driver, SpecApply& o) {
  driver.exit_code = kError;
  ApplyReport report;
  providers::Registry registry;
  std::unique_ptr<state::Store> store;
  std::unique_ptr<state::Lock> lock;
  bool busy = false;
  if (!lock_state(driver, o.state, &store, &lock, &busy)) {
    if (busy) report.outcome = ApplyOutcome::Busy;
    return report;
  }
  state::Snapshot snapshot;
  std::string why;
  // What an interrupted apply finished reaches the branch first, even when nothing is left
  // to do.
  auto recovered = store->recover(o.state.stack, &why);
  if (!recovered) {
    driver.error(
        diag::DiagKind::StateError,
        fmt::format("cannot record what an interrupted apply left in the journal: {}", why));
    return report;
  }
  if (!recovered->empty())
    std::printf("Recorded the actions of an interrupted apply in state (commit %s).\n\n",
                recovered->substr(0, 12).c_str());
  if (!store->read(o.state.stack, &snapshot, &why)) {
    driver.error(diag::DiagKind::StateError, fmt::format("cannot read the state: {}", why));
    return report;
  }
  report.base_commit = snapshot.commit;
  auto spec = load_spec_with_overrides(driver, o.files);
  if (!spec) return report;
  o.flags.destroy = o.destroy;
  auto plan = make_plan(driver, spec.get(), o.files, snapshot, registry, o.flags, o.state);
  if (!plan) return report;
  plan::render_text(*plan, stdout_color(driver), [](std::string& chunk) {
    std::fwrite(chunk.data(), 1, chunk.size(), stdout);
    chunk.clear();
  });
  if (!plan->has_changes() && !plan->state_only_changes) {
    // Nothing to do, but the outputs are still what the user came for.
    if (!o.destroy && !plan->outputs.has_unknown())
      print_outputs(plan->outputs, plan->sensitive_outputs);
    driver.exit_code = kOk;
    report.outcome = ApplyOutcome::Unchanged;
    return report;
  }
  if (!o.auto_approve && !approve(driver, o.destroy ? "destroy" : "apply")) return report;
  std::unique_ptr<state::ClaimLease> lease;
  if (!o.claim_by.empty() && remote_state(o.state)) {
    const int seconds = state::claim_seconds(kClaimSeconds);
    std::string holder;
    // Keyed on the stack's own content: other stacks' commits move `main` without making a
    // claim on this stack stale. A change is applied at most once because the claim lands
    // only when the remote's `main`, read after the newest claim, still holds the stack as
    // this plan read it (else Stale: someone applied since) and that newest claim is no
    // other holder's live claim on the same state (else Held: it may be applying now);
    // the claim ref is a compare-and-swap, so no claim can slip in between
    // (remote_claim.cpp). Either way the loop plans again from the state it finds.
    state::ClaimOutcome c =
        state::claim(state_location(o.state), state_path(o.state), o.state.stack, snapshot.stack_tree,
                     o.claim_by, seconds, &holder, &why);
    if (c == state::ClaimOutcome::Failed) {
      driver.error(
          diag::DiagKind::StateError,
          fmt::format("cannot claim stack `{}` on the remote state: {}", o.state.stack, why));
      return report;
    }
    if (c == state::ClaimOutcome::Stale) {
      std::printf("\nstack %s changed on the remote state since this plan read it (commit %s): "
                  "not applying a stale plan\n",
                  o.state.stack.c_str(),
                  snapshot.commit.empty() ? "(none)" : snapshot.commit.substr(0, 12).c_str());
      report.outcome = ApplyOutcome::Busy;
      return report;
    }
    if (c == state::ClaimOutcome::Held) {
      std::printf(
          "\n%s is applying to stack %s from the state it has now (commit %s): not applying the same change\n",
          holder.c_str(), o.state.stack.c_str(),
          snapshot.commit.empty() ? "(none)" : snapshot.commit.substr(0, 12).c_str());
      report.outcome = ApplyOutcome::Busy;
      return report;
    }
    lease = std::make_unique<state::ClaimLease>(state_location(o.state), state_path(o.state), o.state.stack,
                                                snapshot.stack_tree, o.claim_by, seconds);
  }
  if (o.auto_approve) std::printf("\n");
  ApplyReport ran = execute_plan(driver, *plan, plan::plan_file_sha256(*plan), *store, registry,
                                 spec.get(), o.parallelism, o.state, o.stop);
  ran.base_commit = report.base_commit;
  return ran;
}

} // namespace cairn::cli
