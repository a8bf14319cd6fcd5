// `cairn state list | stacks | show ADDR | log | pull | push | rm ADDR | mv OLD NEW`: inspect and edit
// deployment state; `list` and `show` read any past state commit with `--at COMMIT`. `rm` and `mv` only change state (no provider is called) and make one commit each.
#include <ctime>

#include <fmt/core.h>

#include "compiler/base/quote.h"
#include "cli/deploy_common.h"
#include "runtime/resource/address.h"
#include "runtime/resource/json.h"

namespace cairn::cli {

namespace {

std::optional<std::string> address_arg(Driver& driver, const std::string& text) {
  std::string why;
  auto a = resource::normalize_address(text, &why);
  if (!a) driver.error(diag::DiagKind::InvalidAddress, fmt::format("`{}` is not an address: {}", text, why));
  return a;
}

void print_record(const resource::ResourceRecord& r) {
  fmt::print("# {}:\nresource {} {} {{\n", r.address, base::quoted(r.type), base::quoted(r.address));
  size_t width = 2;
  for (const auto* v : {&r.inputs, &r.outputs})
    for (const resource::Member& m : v->as_object()) width = std::max(width, m.first.size());
  bool sensitive = false;
  if (const resource::Value* s = r.inputs.get("sensitive"))
    sensitive = s->kind() == resource::ValueKind::Bool && s->as_bool();
  // Attributes the record says are sensitive (computed from secrets) are never shown.
  auto hidden = [&](const std::string& name) {
    return (sensitive && name == "content") || std::find(r.sensitive.begin(), r.sensitive.end(), name) != r.sensitive.end();
  };
  fmt::print("    {:<{}} = {}\n", "id", width, base::quoted(r.id));
  for (const resource::Member& m : r.inputs.as_object())
    fmt::print("    {:<{}} = {}\n", m.first, width, hidden(m.first) ? "(sensitive value)" : resource::to_display(m.second));
  bool header = false;
  for (const resource::Member& m : r.outputs.as_object()) {
    if (r.inputs.get(m.first)) continue;
    if (!header) fmt::print("\n    # outputs\n");
    header = true;
    fmt::print("    {:<{}} = {}\n", m.first, width, hidden(m.first) ? "(sensitive value)" : resource::to_display(m.second));
  }
  fmt::print("}}\n");
  fmt::print("provider: {}\n", r.provider);
  if (!r.dependencies.empty()) {
    std::string deps;
    for (const std::string& d : r.dependencies) deps += (deps.empty() ? "" : ", ") + d;
    fmt::print("depends on: {}\n", deps);
  }
}

// Changes one record under the stack's lock and commits.
template <typename Change>
void edit(Driver& driver, const StateOptions& opts, const std::string& message, Change change) {
  std::unique_ptr<state::Store> store;
  std::unique_ptr<state::Lock> lock;
  state::Snapshot snap;
  if (!read_state(driver, opts, &store, &snap, true)) return; // never creates one
  if (!lock_state(driver, opts, &store, &lock)) return;
  std::string why;
  auto tx = state::Transaction::begin(*store, opts.stack, &why);
  if (!tx) {
    driver.error(diag::DiagKind::StateError, why);
    return;
  }
  if (!change(*tx)) return;
  tx->set_outputs(tx->base().outputs);
  auto commit = tx->commit(message + fmt::format("\n\nCairn-Stack: {}\n", opts.stack), &why);
  if (!commit) {
    driver.error(diag::DiagKind::StateConflict, why);
    return;
  }
  if (!publish_state(driver, opts, *commit)) return;
  driver.exit_code = kOk;
}

} // namespace

void register_state(CLI::App& app, Driver& driver) {
  auto opts = std::make_shared<StateOptions>();
  auto args = std::make_shared<std::vector<std::string>>(2);
  auto limit = std::make_shared<size_t>(20);
  auto at = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("state", "Inspect and edit deployment state");
  cmd->require_subcommand(1);
  add_state_options(cmd, *opts);
  cmd->fallthrough();

  CLI::App* list = cmd->add_subcommand("list", "List the resources in state");
  list->add_option("--at", *at, "as recorded in this state commit (a hash, abbreviated or not, or any revision)");
  list->callback([&driver, opts, at] {
    driver.exit_code = kError;
    std::unique_ptr<state::Store> store;
    state::Snapshot snap;
    if (!read_state_at(driver, *opts, *at, &store, &snap)) return;
    for (const auto& [address, r] : snap.resources) fmt::print("{}\n", address);
    driver.exit_code = kOk;
  });

  CLI::App* stacks = cmd->add_subcommand("stacks", "List the stacks in the state repository");
  stacks->callback([&driver, opts] {
    driver.exit_code = kError;
    std::unique_ptr<state::Store> store;
    state::Snapshot snap;
    if (!read_state(driver, *opts, &store, &snap, true)) return;
    std::vector<std::string> names;
    std::string why;
    if (!store->stacks(&names, &why)) {
      driver.error(diag::DiagKind::StateError, fmt::format("cannot read the state: {}", why));
      return;
    }
    for (const std::string& n : names) fmt::print("{}\n", n);
    driver.exit_code = kOk;
  });

  CLI::App* show = cmd->add_subcommand("show", "Show one resource as recorded in state");
  show->add_option("ADDR", (*args)[0], "the resource's address")->required();
  show->add_option("--at", *at, "as recorded in this state commit (a hash, abbreviated or not, or any revision)");
  show->callback([&driver, opts, args, at] {
    driver.exit_code = kError;
    auto address = address_arg(driver, (*args)[0]);
    if (!address) return;
    std::unique_ptr<state::Store> store;
    state::Snapshot snap;
    if (!read_state_at(driver, *opts, *at, &store, &snap)) return;
    auto it = snap.resources.find(*address);
    if (it == snap.resources.end()) {
      std::string when = at->empty() ? "" : fmt::format(" at {}", snap.commit.substr(0, 12));
      driver.error(diag::DiagKind::NotInState, fmt::format("`{}` is not in stack `{}`{}", *address, opts->stack, when));
      return;
    }
    print_record(it->second);
    driver.exit_code = kOk;
  });

  CLI::App* log = cmd->add_subcommand("log", "Show the history of the stack");
  log->add_option("-n,--max-count", *limit, "how many commits to show")->default_str("20");
  log->callback([&driver, opts, limit] {
    driver.exit_code = kError;
    std::unique_ptr<state::Store> store;
    state::Snapshot snap;
    if (!read_state(driver, *opts, &store, &snap, true)) return;
    std::vector<state::LogEntry> entries;
    std::string why;
    if (!store->log(opts->stack, *limit, &entries, &why)) {
      driver.error(diag::DiagKind::StateError, why);
      return;
    }
    if (snap.interrupted) fmt::print("(an interrupted apply left a journal at {})\n", snap.commit.substr(0, 12));
    for (const state::LogEntry& e : entries) {
      std::time_t t = static_cast<std::time_t>(e.time);
      char when[32];
      std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", std::gmtime(&t));
      std::string first = e.message.substr(0, e.message.find('\n'));
      fmt::print("{} {} {}\n", e.commit.substr(0, 12), when, first);
    }
    driver.exit_code = kOk;
  });

  CLI::App* pull = cmd->add_subcommand("pull", "Fetch a remote state into its local cache");
  pull->callback([&driver, opts] {
    driver.exit_code = kError;
    if (!remote_state(*opts)) {
      driver.error(diag::DiagKind::UsageError, fmt::format("`{}` is not a remote state (a `file://`, `git://`, `ssh://` "
                                                           "or `http(s)://` URL)", state_location(*opts)));
      return;
    }
    state::SyncResult r;
    if (!sync_state(driver, *opts, state::SyncMode::Pull, &r)) return;
    fmt::print("{}: main at {}\n", state::redact_url(state_location(*opts)),
               r.remote_head.empty() ? "(no commits)" : r.remote_head.substr(0, 12));
    driver.exit_code = kOk;
  });

  CLI::App* push = cmd->add_subcommand("push", "Publish what a remote state's cache holds that the remote does not");
  push->callback([&driver, opts] {
    driver.exit_code = kError;
    if (!remote_state(*opts)) {
      driver.error(diag::DiagKind::UsageError, fmt::format("`{}` is not a remote state (a `file://`, `git://`, `ssh://` "
                                                           "or `http(s)://` URL)", state_location(*opts)));
      return;
    }
    state::SyncResult r;
    if (!sync_state(driver, *opts, state::SyncMode::Publish, &r)) return;
    for (const std::string& ref : r.orphaned_refs)
      fmt::print("kept {} (its stack moved on on the remote; the next plan adopts it)\n", ref);
    if (!r.pushed.empty()) fmt::print("pushed {}\n", r.pushed.substr(0, 12));
    fmt::print("{}: main at {}\n", state::redact_url(state_location(*opts)),
               r.remote_head.empty() ? "(no commits)" : r.remote_head.substr(0, 12));
    driver.exit_code = kOk;
  });

  CLI::App* rm = cmd->add_subcommand("rm", "Forget a resource (the real object is left alone)");
  rm->add_option("ADDR", (*args)[0], "the resource's address")->required();
  rm->callback([&driver, opts, args] {
    driver.exit_code = kError;
    auto address = address_arg(driver, (*args)[0]);
    if (!address) return;
    edit(driver, *opts, fmt::format("state rm {}", *address), [&](state::Transaction& tx) {
      if (!tx.base().resources.count(*address)) {
        driver.error(diag::DiagKind::NotInState, fmt::format("`{}` is not in stack `{}`", *address, opts->stack));
        return false;
      }
      tx.remove(*address);
      fmt::print("Removed {}\n", *address);
      return true;
    });
  });

  CLI::App* mv = cmd->add_subcommand("mv", "Move a resource to another address");
  mv->add_option("OLD", (*args)[0], "the current address")->required();
  mv->add_option("NEW", (*args)[1], "the new address")->required();
  mv->callback([&driver, opts, args] {
    driver.exit_code = kError;
    auto from = address_arg(driver, (*args)[0]);
    auto to = from ? address_arg(driver, (*args)[1]) : std::nullopt;
    if (!to) return;
    edit(driver, *opts, fmt::format("state mv {} {}", *from, *to), [&](state::Transaction& tx) {
      auto it = tx.base().resources.find(*from);
      if (it == tx.base().resources.end()) {
        driver.error(diag::DiagKind::NotInState, fmt::format("`{}` is not in stack `{}`", *from, opts->stack));
        return false;
      }
      if (tx.base().resources.count(*to)) {
        driver.error(diag::DiagKind::StateConflict, fmt::format("`{}` is already in stack `{}`", *to, opts->stack));
        return false;
      }
      resource::ResourceRecord r = it->second;
      r.address = *to;
      tx.remove(*from);
      tx.put(r);
      fmt::print("Moved {} to {}\n", *from, *to);
      return true;
    });
  });
}

} // namespace cairn::cli
