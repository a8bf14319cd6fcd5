// Apply: run a plan's actions against the providers and record every result in state.
//
//   apply::run(ApplyInput, Diagnostics&) -> ApplyResult
//
// Actions start as soon as what they wait for has finished, on `parallelism` worker threads;
// deletes of resources that left the spec run before the other actions. An action whose
// planned inputs hold unknowns is evaluated again (one spec evaluation for every batch of
// such actions that became ready) once the outputs it needs are known; a value known at plan
// time must not change. Finished actions are checkpointed to the state journal before their
// dependents start, so a crash loses nothing; at the end everything is one commit.
// On a failure, nothing that depends on the failed action starts, actions in flight finish,
// and every completed action is recorded.
//
// The caller holds the stack's lock (state::Store::lock) for the whole call.
#pragma once

#include <atomic>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "providers/registry.h"
#include "runtime/graph/spec.h"
#include "runtime/plan/plan.h"
#include "runtime/state/store.h"

namespace cairn::apply {

enum class Status : uint8_t { Pending, Done, Failed, Skipped };

struct ActionResult {
  Status status = Status::Pending;
  std::string error;        // when Failed
  std::string skipped_for;  // when Skipped: the failed action it depended on
  double seconds = 0;
  std::string id;           // the object's id after the action
};

// Receives live progress; calls never overlap (they come from several threads, one at a
// time).
class Progress {
public:
  virtual ~Progress() = default;
  virtual void started(const plan::ResourceChange& change) = 0;
  virtual void finished(const plan::ResourceChange& change, const ActionResult& result) = 0;
  // Called about every 200 ms while actions run (live displays redraw here).
  virtual void tick(size_t running, size_t done, size_t total) = 0;
};

// Plain lines, one per event, like Terraform's (`web.dns: Creating...`).
std::unique_ptr<Progress> make_line_progress(std::FILE* out, bool color);
// Lines plus a status line redrawn in place (for terminals).
std::unique_ptr<Progress> make_live_progress(std::FILE* out, bool color);

struct ApplyInput {
  const plan::Plan* plan = nullptr;
  state::Store* store = nullptr;
  providers::Registry* providers = nullptr;
  graph::SpecEvaluator* spec = nullptr; // needed when planned inputs hold unknowns
  Progress* progress = nullptr;
  uint32_t parallelism = 10;
  std::string commit_message_trailers; // appended to the commit message
  // When it becomes true (SIGTERM in `cairn reconcile`), no action starts any more: those in
  // flight finish, the rest are skipped, and what finished is recorded as usual.
  const std::atomic<bool>* stop = nullptr;
};

struct ApplyResult {
  bool ok = false;            // every action succeeded and state was recorded
  bool recorded = false;      // state was committed (possibly after failures)
  std::vector<ActionResult> results; // one per plan change
  std::string commit;         // the state commit, empty when nothing changed
  uint32_t imported = 0, added = 0, changed = 0, destroyed = 0, failed = 0, skipped = 0;
  resource::Value outputs = resource::Value::object();
};

ApplyResult run(ApplyInput& input, diag::Diagnostics& diags);

// "Apply complete! Resources: 1 added, 0 changed, 0 destroyed." (with "1 imported, " first
// when the plan adopts objects) or the failure summary.
std::string summary_text(const plan::Plan& plan, const ApplyResult& result);

} // namespace cairn::apply
