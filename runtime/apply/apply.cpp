// Apply's entry point: check the plan against state, run the executor, record the spec's
// outputs and commit; see apply.h.
#include <fmt/core.h>

#include "runtime/apply/apply.h"
#include "runtime/state/secrets.h"

namespace cairn::apply {

ApplyResult execute(ApplyInput& input, state::Transaction& tx, diag::Diagnostics& diags,
                    bool* state_failed, graph::OutputsMap* known);

namespace {

// The spec's outputs after apply: evaluated again when they were unknown at plan time;
// outputs still unknown (after failures) keep their previous value.
resource::Value final_outputs(ApplyInput& in, const graph::OutputsMap& known) {
  const plan::Plan& plan = *in.plan;
  if (plan.destroy && plan.targets.empty()) return resource::Value::object();
  resource::Value outputs = plan.outputs.is_object() ? plan.outputs : resource::Value::object();
  if (outputs.has_unknown() && in.spec) {
    diag::CollectingConsumer quiet_sink;
    diag::Diagnostics quiet(&quiet_sink);
    if (auto spec = in.spec->evaluate_values(known, quiet)) outputs = spec->outputs;
  }
  resource::Value out = resource::Value::object();
  for (const resource::Member& m : outputs.as_object()) {
    if (!m.second.has_unknown()) {
      out.set(m.first, m.second);
    } else if (const resource::Value* old = plan.prior_outputs.get(m.first)) {
      out.set(m.first, *old);
    }
  }
  return out;
}

std::string commit_message(const plan::Plan& plan, const ApplyResult& r, const std::string& trailers) {
  std::string head = plan.destroy ? "destroy" : "apply";
  if (r.failed > 0) head += " failed";
  head += ":";
  if (plan.imports() > 0) head += fmt::format(" {} imported,", r.imported);
  std::string msg;
  if (r.failed > 0) {
    msg = fmt::format("{} {} added, {} changed, {} destroyed, {} failed, {} skipped\n\n", head, r.added, r.changed,
                      r.destroyed, r.failed, r.skipped);
  } else {
    msg = fmt::format("{} {} added, {} changed, {} destroyed\n\n", head, r.added, r.changed, r.destroyed);
  }
  for (size_t i = 0; i < plan.changes.size(); ++i) {
    const plan::ResourceChange& c = plan.changes[i];
    const ActionResult& a = r.results[i];
    if (!c.import_id.empty() && a.status == Status::Done) msg += fmt::format("imported {} (id {})\n", c.address, c.import_id);
    if (c.action == plan::ActionKind::NoOp) continue;
    static const char* kDone[] = {"unchanged", "created", "updated", "replaced", "destroyed"};
    switch (a.status) {
    case Status::Done: msg += fmt::format("{} {}\n", kDone[static_cast<int>(c.action)], c.address); break;
    case Status::Failed: msg += fmt::format("failed {}: {}\n", c.address, a.error); break;
    case Status::Skipped: msg += fmt::format("skipped {}\n", c.address); break;
    case Status::Pending: break;
    }
  }
  msg += "\n" + trailers;
  return msg;
}

} // namespace

ApplyResult run(ApplyInput& in, diag::Diagnostics& diags) {
  ApplyResult result;
  const plan::Plan& plan = *in.plan;
  std::string why;
  auto tx = state::Transaction::begin(*in.store, plan.stack, &why);
  if (!tx) {
    diags.error(diag::DiagKind::StateError, {}, fmt::format("cannot read state: {}", why));
    return result;
  }
  if (tx->base().stack_tree != plan.base_stack_tree) {
    diags.error(diag::DiagKind::StalePlan, {},
                fmt::format("the plan is stale: it was made from state commit {}, but stack `{}` "
                            "has changed since (now at {})",
                            plan.base_commit.empty() ? "(empty state)" : plan.base_commit.substr(0, 12),
                            plan.stack, tx->base().commit.empty() ? "(empty state)" : tx->base().commit.substr(0, 12)))
        .help("make a new plan and apply that");
    return result;
  }
  // Without an identity, sensitive values in state read as unknowns: an action on such a
  // resource, or one reading its outputs, cannot run (deletes need no secrets).
  std::string blocked;
  size_t n_blocked = 0;
  for (const plan::ResourceChange& c : plan.changes) {
    if (c.action == plan::ActionKind::NoOp || c.action == plan::ActionKind::Delete) continue;
    auto is_locked = [&](const std::string& a) {
      auto it = tx->base().resources.find(a);
      return it != tx->base().resources.end() && state::locked(it->second);
    };
    bool needs = is_locked(c.address);
    for (const std::string& d : c.dependencies) needs = needs || is_locked(d);
    if (needs && n_blocked++ < 5) blocked += (blocked.empty() ? "`" : ", `") + c.address + "`";
  }
  if (n_blocked > 0) {
    if (n_blocked > 5) blocked += fmt::format(" and {} more", n_blocked - 5);
    diags.error(diag::DiagKind::StateError, {},
                fmt::format("cannot apply {}: it needs sensitive values that state holds encrypted with age, and no "
                            "identity opens them",
                            blocked))
        .help(state::identity_help(in.store->identities()));
    return result;
  }
  bool state_failed = false;
  graph::OutputsMap known;
  result = execute(in, *tx, diags, &state_failed, &known);
  if (result.results.size() != plan.changes.size()) return result;
  if (state_failed) {
    diags.error(diag::DiagKind::StateError, {},
                "finished actions are kept in the state journal; the next plan starts from them");
    return result;
  }
  result.outputs = final_outputs(in, known);
  tx->set_outputs(result.outputs, plan.sensitive_outputs);
  auto commit = tx->commit(commit_message(plan, result, in.commit_message_trailers), &why);
  if (!commit) {
    diags.error(diag::DiagKind::StateConflict, {}, fmt::format("cannot record the apply in state: {}", why));
    return result;
  }
  result.commit = *commit;
  result.recorded = true;
  result.ok = result.failed == 0 && result.skipped == 0;
  return result;
}

std::string summary_text(const plan::Plan& plan, const ApplyResult& r) {
  const char* what = plan.destroy ? "Destroy" : "Apply";
  std::string imported = plan.imports() > 0 ? fmt::format("{} imported, ", r.imported) : "";
  if (r.ok) {
    if (plan.destroy) return fmt::format("Destroy complete! Resources: {} destroyed.\n", r.destroyed);
    return fmt::format("{} complete! Resources: {}{} added, {} changed, {} destroyed.\n", what, imported, r.added,
                       r.changed, r.destroyed);
  }
  std::string out = fmt::format("{} failed. Resources: {}{} added, {} changed, {} destroyed; {} failed, {} "
                                "skipped.\n",
                                what, imported, r.added, r.changed, r.destroyed, r.failed, r.skipped);
  for (size_t i = 0; i < plan.changes.size(); ++i) {
    const ActionResult& a = r.results.size() > i ? r.results[i] : ActionResult{};
    if (a.status == Status::Failed) out += fmt::format("  failed:  {}: {}\n", plan.changes[i].address, a.error);
  }
  for (size_t i = 0; i < plan.changes.size(); ++i) {
    const ActionResult& a = r.results.size() > i ? r.results[i] : ActionResult{};
    if (a.status == Status::Skipped && plan.changes[i].action != plan::ActionKind::NoOp)
      out += a.skipped_for.empty()
                 ? fmt::format("  skipped: {}\n", plan.changes[i].address)
                 : fmt::format("  skipped: {} (depends on {})\n", plan.changes[i].address, a.skipped_for);
  }
  if (r.recorded) out += "Every completed action is recorded in state.\n";
  return out;
}

} // namespace cairn::apply
