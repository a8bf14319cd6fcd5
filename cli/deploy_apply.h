// Applying, shared by `cairn apply`/`destroy`/`import` (command_apply.cpp) and `cairn
// reconcile` (command_reconcile.cpp): running a plan under the stack's lock with progress,
// the commit's trailers, publishing to a remote state; and the whole of `apply SPEC` (lock,
// recover, plan, show, confirm, apply).
#pragma once

#include "cli/deploy_common.h"

#include <atomic>
#include <string>
#include <vector>

namespace cairn::cli {

// What an apply came to, for callers that act on it (reconcile).
enum class ApplyOutcome : uint8_t {
  Refused,   // stopped before any action: a bad spec, an unreadable state, declined
  Busy,      // another writer holds the stack's lock, or (claim_by) its claim
  Unchanged, // the plan had nothing to do
  Applied,   // every action succeeded and the commit is recorded (and published)
  Failed,    // an action failed (what finished is recorded), or recording failed
  LostRace,  // recorded, but another writer changed the stack on the remote first
};

struct ApplyReport {
  ApplyOutcome outcome = ApplyOutcome::Refused;
  size_t changes = 0;      // actions planned (not counting no-ops)
  std::string base_commit; // the state commit planned from
  std::string commit;      // the state commit made, "" when none
  bool stopped = false;    // `stop` was set while it ran: some actions were skipped
};

// Runs `plan` (its plan file's SHA-256 `plan_sha256`) with the lock held, prints progress,
// the summary and the outputs, publishes the commit to a remote state; sets
// driver.exit_code to kOk when every action succeeded and the commit is recorded.
ApplyReport execute_plan(Driver& driver, const plan::Plan& plan, const std::string& plan_sha256,
                         state::Store& store, providers::Registry& registry,
                         graph::SpecEvaluator* spec, uint32_t parallelism,
                         const StateOptions& state, const std::atomic<bool>* stop = nullptr);

struct SpecApply {
  std::vector<std::string> files; // the spec's files (overrides: driver.overrides)
  StateOptions state;
  PlanFlags flags;
  bool destroy = false;
  bool auto_approve = false;
  uint32_t parallelism = 10;
  const std::atomic<bool>* stop = nullptr; // see apply::ApplyInput::stop
  // When set and the state is remote: claim the stack as this holder before applying
  // (state::claim); another holder's claim on the same state of the stack, or a remote
  // state that changed the stack since the plan read it, makes it Busy.
  std::string claim_by;
};

// `cairn apply SPEC` and `cairn destroy SPEC`: plan under the stack's lock, show the plan,
// ask (unless auto_approve), apply. Sets driver.exit_code.
ApplyReport apply_spec(Driver& driver, SpecApply& request);

} // namespace cairn::cli
