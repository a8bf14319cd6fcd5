// What the deployment commands (plan, apply, destroy, graph, state) share: the state and
// stack options, opening state, loading a spec behind the SpecEvaluator seam, and making a
// plan. Each command lives in its own command_<name>.cpp.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/driver.h"
#include "providers/registry.h"
#include "runtime/graph/spec.h"
#include "runtime/plan/plan.h"
#include "runtime/state/remote.h"
#include "runtime/state/store.h"

namespace cairn::cli {

struct StateOptions {
  std::string state; // --state; else CAIRN_STATE; else .cairn/state
  std::string stack = "default";
};

void add_state_options(CLI::App* cmd, StateOptions& opts);
// What --state (or CAIRN_STATE, or the default) names: a path or a remote URL.
std::string state_location(const StateOptions& opts);
// The local repository to open: the location, or for a remote its cache (remote.h).
std::string state_path(const StateOptions& opts);
bool remote_state(const StateOptions& opts);
// For a remote state, brings its cache in step (a no-op for a local one); false after
// reporting. `Publish` also pushes what the cache holds that the remote does not.
bool sync_state(Driver& driver, const StateOptions& opts, state::SyncMode mode, state::SyncResult* result = nullptr,
                const char* help = nullptr);
// After a commit on a remote state's cache: pushes it. False after reporting "state moved
// on" when another writer changed the stack first (the commit is then kept on an orphan
// ref the next plan adopts). True for a local state.
// `*lost_race` (when given) tells that case from a remote that cannot be reached.
bool publish_state(Driver& driver, const StateOptions& opts, const std::string& commit, bool* lost_race = nullptr);
// Checks the stack name; reports E0624 when invalid.
bool check_stack(Driver& driver, const std::string& stack);

// Opens the state for reading: `*store` stays null when no state exists yet (the snapshot
// is then empty), unless `must_exist` (the `state` and `output` commands), which makes that
// an error. False (with a diagnostic) when the state cannot be read.
bool read_state(Driver& driver, const StateOptions& opts, std::unique_ptr<state::Store>* store,
                state::Snapshot* snapshot, bool must_exist = false);
// Like read_state with `must_exist`, but when `at` is not empty reads the stack as recorded
// in the state commit `at` names (any revision libgit2 accepts); an unknown one is an error
// naming it (E0608). Never writes.
bool read_state_at(Driver& driver, const StateOptions& opts, const std::string& at,
                   std::unique_ptr<state::Store>* store, state::Snapshot* snapshot);
// Gives the store the age identity that opens sensitive values (CAIRN_AGE_IDENTITY or the
// state's default key file, runtime/state/secrets.h), creating the key file when `create`;
// false (with a diagnostic) when the identity configured is not valid. read_state and
// lock_state call it.
bool use_identity(Driver& driver, const StateOptions& opts, state::Store& store, bool create);
// Opens (creating if needed) the state and takes the stack's lock; a writer creates the
// state's default key file when there is none and CAIRN_AGE_IDENTITY is not set. `*busy`
// (when given) says the failure was another writer holding the lock.
bool lock_state(Driver& driver, const StateOptions& opts, std::unique_ptr<state::Store>* store,
                std::unique_ptr<state::Lock>* lock, bool* busy = nullptr);

// A spec behind the evaluator seam: JSON specs (`.json`) or specs in the language; several
// files of the language merge, and field overrides (`path=value`, the value an expression
// of the language) win over them.
std::unique_ptr<graph::SpecEvaluator> load_spec(Driver& driver, const std::vector<std::string>& paths,
                                                const std::vector<std::string>& overrides = {});
inline std::unique_ptr<graph::SpecEvaluator> load_spec(Driver& driver, const std::string& path) {
  return load_spec(driver, std::vector<std::string>{path});
}

// The positional SPEC... of a deployment command; with the `--` overrides (Driver).
void add_spec_files(CLI::App* cmd, std::vector<std::string>& files);
// load_spec on the files and the command line's overrides.
std::unique_ptr<graph::SpecEvaluator> load_spec_with_overrides(Driver& driver, const std::vector<std::string>& files);

struct PlanFlags {
  bool refresh = true;
  bool destroy = false;
  std::vector<std::string> targets;
  std::vector<std::string> replace;
  std::vector<std::string> imports; // `ADDR=ID`: adopt the existing object ID as ADDR
};
void add_plan_flags(CLI::App* cmd, PlanFlags& flags, bool with_destroy);

// Plans `spec` against `snapshot` for `state.stack`; nullopt after reporting errors (a
// resource that would write inside the state repository is one, E0654).
std::optional<plan::Plan> make_plan(Driver& driver, graph::SpecEvaluator* spec,
                                    const std::vector<std::string>& spec_files, const state::Snapshot& snapshot,
                                    providers::Registry& registry, const PlanFlags& flags,
                                    const StateOptions& state);
// Refuses (E0654) a plan whose files or directories would be written inside the state
// repository at `state`.
bool check_outside_state(Driver& driver, const plan::Plan& plan, const std::string& state);

// Whether stdout is a terminal that wants colour.
bool stdout_color(const Driver& driver);

} // namespace cairn::cli
