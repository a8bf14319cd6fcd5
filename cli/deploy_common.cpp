// Shared pieces of the deployment commands; see deploy_common.h.
#include "cli/deploy_common.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include <fmt/core.h>

#include "runtime/graph/conf_spec.h"
#include "runtime/graph/json_spec.h"
#include "runtime/resource/address.h"
#include "runtime/state/secrets.h"

namespace cairn::cli {

void add_state_options(CLI::App* cmd, StateOptions& opts) {
  cmd->add_option("--state", opts.state, "the state repository (default: $CAIRN_STATE or .cairn/state)");
  cmd->add_option("--stack", opts.stack, "the deployment within the state repository")->default_str("default");
}

std::string state_location(const StateOptions& opts) {
  if (!opts.state.empty()) return opts.state;
  if (const char* env = std::getenv("CAIRN_STATE"); env && *env) return env;
  return ".cairn/state";
}

bool remote_state(const StateOptions& opts) { return state::is_remote_location(state_location(opts)); }

std::string state_path(const StateOptions& opts) {
  std::string location = state_location(opts);
  if (!state::is_remote_location(location)) return location;
  const char* dir = std::getenv("CAIRN_STATE_CACHE");
  return state::cache_path(location, dir && *dir ? dir : ".cairn/cache");
}

bool sync_state(Driver& driver, const StateOptions& opts, state::SyncMode mode, state::SyncResult* result,
                const char* help) {
  if (!remote_state(opts)) return true;
  state::SyncResult local;
  if (!result) result = &local;
  std::string why;
  if (!state::sync(state_location(opts), state_path(opts), mode, result, &why)) {
    driver.diags.error(diag::DiagKind::StateError, {}, fmt::format("cannot reach the remote state: {}", why))
        .help(help ? help
                   : "check the URL, that the server answers and the credentials it wants (the ssh agent, git credential "
                     "helpers); CAIRN_STATE_TIMEOUT sets how many seconds to wait");
    return false;
  }
  if (result->ahead)
    std::fprintf(stderr, "note: the state cache holds commits the remote `%s` does not have yet%s; `cairn state push` "
                         "publishes them\n",
                 state::redact_url(state_location(opts)).c_str(), result->diverged ? " (and the remote moved on)" : "");
  return true;
}

bool publish_state(Driver& driver, const StateOptions& opts, const std::string& commit, bool* lost_race) {
  if (!remote_state(opts) || commit.empty()) return true;
  state::SyncResult r;
  std::string help = fmt::format("commit {} is kept in the state cache `{}`; `cairn state push` publishes it when "
                                 "the remote answers again",
                                 commit.substr(0, 12), state_path(opts));
  if (!sync_state(driver, opts, state::SyncMode::Publish, &r, help.c_str())) return false;
  if (r.retries > 0)
    std::fprintf(stderr, "note: pushed after %u retr%s: other stacks moved the remote's main meanwhile\n", r.retries,
                 r.retries == 1 ? "y" : "ies");
  std::string orphan = fmt::format("refs/cairn/orphans/{}/{}", opts.stack, commit);
  if (std::find(r.orphaned_refs.begin(), r.orphaned_refs.end(), orphan) == r.orphaned_refs.end()) return true;
  if (lost_race) *lost_race = true;
  driver.diags
      .error(diag::DiagKind::StateConflict, {},
             fmt::format("state moved on: commit {} won the remote `{}` and changed stack `{}` while this apply ran",
                         r.remote_head.substr(0, 12), state::redact_url(state_location(opts)), opts.stack))
      .note(fmt::format("what this apply did is recorded in commit {}, kept on `{}` (pushed to the remote), so "
                        "nothing is lost",
                        commit.substr(0, 12), orphan))
      .help("run `cairn plan` again: it starts from the winner's state and adopts these records");
  return false;
}

bool check_stack(Driver& driver, const std::string& stack) {
  if (state::valid_stack_name(stack)) return true;
  driver.error(diag::DiagKind::InvalidStack,
               fmt::format("`{}` is not a valid stack name (letters, digits, `_`, `-` and `.`)", stack));
  return false;
}

bool use_identity(Driver& driver, const StateOptions& opts, state::Store& store, bool create) {
  state::Identity id;
  std::string why;
  // A new key only for a repository without recipients: another key would open nothing.
  std::vector<std::string> recipients;
  if (create && store.recipients(&recipients, &why) && !recipients.empty()) create = false;
  if (!state::load_identity(state_path(opts), create, &id, &why)) {
    driver.diags.error(diag::DiagKind::StateError, {}, fmt::format("cannot load the age identity for the state: {}", why))
        .help("CAIRN_AGE_IDENTITY is an AGE-SECRET-KEY-1... identity or the path of a key file (`age-keygen -o FILE`)");
    return false;
  }
  store.set_identities(std::move(id.keys));
  return true;
}

bool read_state(Driver& driver, const StateOptions& opts, std::unique_ptr<state::Store>* store,
                state::Snapshot* snapshot, bool must_exist) {
  if (!check_stack(driver, opts.stack)) return false;
  if (!sync_state(driver, opts, state::SyncMode::Pull)) return false;
  std::string why;
  bool missing = false;
  *store = state::Store::open(state_path(opts), &missing, &why);
  if (!*store) {
    if (missing && must_exist) {
      driver.diags.error(diag::DiagKind::StateError, {}, fmt::format("there is no state repository at `{}`", state_location(opts)))
          .help("give the state with `--state PATH` (or $CAIRN_STATE); `cairn apply` creates it");
      return false;
    }
    if (missing) {
      *snapshot = state::Snapshot{};
      return true;
    }
    driver.error(diag::DiagKind::StateError, fmt::format("cannot open the state: {}", why));
    return false;
  }
  if (!use_identity(driver, opts, **store, false)) return false;
  if (!(*store)->read(opts.stack, snapshot, &why)) {
    driver.error(diag::DiagKind::StateError, fmt::format("cannot read the state: {}", why));
    return false;
  }
  // A plan starts from what applies that lost a race recorded too (the apply adopts them).
  std::vector<std::string> orphans;
  if (!must_exist && remote_state(opts) && state::orphans(**store, opts.stack, &orphans, &why) && !orphans.empty()) {
    std::vector<std::string> notes;
    if (!state::merged_snapshot(**store, opts.stack, orphans, snapshot, &notes, &why)) {
      driver.error(diag::DiagKind::StateError, fmt::format("cannot adopt the records of an apply that lost a race: {}", why));
      return false;
    }
    std::fprintf(stderr, "note: adopting the records of %zu apply%s that lost a race for the remote state:\n",
                 orphans.size(), orphans.size() == 1 ? "" : "s");
    for (const std::string& n : notes) std::fprintf(stderr, "  %s\n", n.c_str());
  }
  return true;
}

bool read_state_at(Driver& driver, const StateOptions& opts, const std::string& at,
                   std::unique_ptr<state::Store>* store, state::Snapshot* snapshot) {
  if (at.empty()) return read_state(driver, opts, store, snapshot, true);
  if (!check_stack(driver, opts.stack)) return false;
  if (!sync_state(driver, opts, state::SyncMode::Pull)) return false;
  std::string why;
  bool missing = false;
  *store = state::Store::open(state_path(opts), &missing, &why);
  if (!*store) {
    if (missing)
      driver.diags.error(diag::DiagKind::StateError, {}, fmt::format("there is no state repository at `{}`", state_location(opts)))
          .help("give the state with `--state PATH` (or $CAIRN_STATE)");
    else
      driver.error(diag::DiagKind::StateError, fmt::format("cannot open the state: {}", why));
    return false;
  }
  if (!use_identity(driver, opts, **store, false)) return false;
  if (!(*store)->read_at(opts.stack, at, snapshot, &why)) {
    driver.diags.error(diag::DiagKind::StateError, {}, why)
        .help("`cairn state log` and `cairn deployments` list the stack's commits");
    return false;
  }
  return true;
}

bool lock_state(Driver& driver, const StateOptions& opts, std::unique_ptr<state::Store>* store,
                std::unique_ptr<state::Lock>* lock, bool* busy) {
  if (!check_stack(driver, opts.stack)) return false;
  std::string why;
  *store = state::Store::open_or_create(state_path(opts), &why);
  if (!*store) {
    driver.error(diag::DiagKind::StateError, why);
    return false;
  }
  if (!use_identity(driver, opts, **store, true)) return false;
  *lock = (*store)->lock(opts.stack, &why);
  if (!*lock) {
    if (busy) *busy = true;
    driver.diags.error(diag::DiagKind::StateLocked, {}, why)
        .help("wait for it to finish; a lock held by a process that died is released automatically");
    return false;
  }
  if (!remote_state(opts)) return true;
  // Under the lock: publish what is pending, then adopt what applies that lost a race did.
  if (!sync_state(driver, opts, state::SyncMode::Publish)) return false;
  std::vector<std::string> notes;
  auto adopted = state::adopt(**store, opts.stack, &notes, &why);
  if (!adopted) {
    driver.error(diag::DiagKind::StateError, fmt::format("cannot adopt the records of an apply that lost a race: {}", why));
    return false;
  }
  if (adopted->empty()) return true;
  std::printf("Adopted the records of applies that lost a race for the remote state (commit %s):\n",
              adopted->substr(0, 12).c_str());
  for (const std::string& n : notes) std::printf("  %s\n", n.c_str());
  std::printf("\n");
  return publish_state(driver, opts, *adopted);
}

namespace {

bool is_json(const std::string& path) { return path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0; }

// `path=value`: the path up to the first `=` outside quotes.
std::optional<graph::FieldOverride> parse_override(Driver& driver, const std::string& arg) {
  size_t eq = std::string::npos;
  bool quoted = false;
  for (size_t i = 0; i < arg.size() && eq == std::string::npos; ++i) {
    if (arg[i] == '"' && (i == 0 || arg[i - 1] != '\\')) quoted = !quoted;
    else if (arg[i] == '=' && !quoted) eq = i;
  }
  std::string why = "expected `path=value`, like params.domain='\"example.org\"'";
  std::optional<std::vector<std::string>> path;
  if (eq != std::string::npos && eq > 0) path = resource::parse_address(arg.substr(0, eq), &why);
  if (!path) {
    driver.error(diag::DiagKind::UsageError, fmt::format("`{}` is not a field override: {}", arg, why));
    return std::nullopt;
  }
  std::string name = fmt::format("<override {}>", resource::address_from_segments(*path));
  return graph::FieldOverride{*path, driver.sources.add(name, arg.substr(eq + 1))};
}

} // namespace

std::unique_ptr<graph::SpecEvaluator> load_spec(Driver& driver, const std::vector<std::string>& paths,
                                                const std::vector<std::string>& overrides) {
  std::vector<base::FileId> files;
  for (const std::string& p : paths) {
    auto file = driver.load(p);
    if (!file) return nullptr;
    files.push_back(*file);
  }
  if (paths.size() == 1 && is_json(paths[0]) && overrides.empty())
    return std::make_unique<graph::JsonSpecEvaluator>(driver.sources, files[0]);
  for (const std::string& p : paths)
    if (is_json(p)) {
      driver.error(diag::DiagKind::UsageError,
                   fmt::format("`{}` is a JSON spec, which cannot be merged with other files or overridden", p));
      return nullptr;
    }
  std::vector<graph::FieldOverride> parsed;
  for (const std::string& o : overrides) {
    std::optional<graph::FieldOverride> f = parse_override(driver, o);
    if (!f) return nullptr;
    parsed.push_back(std::move(*f));
  }
  return std::make_unique<graph::ConfSpecEvaluator>(driver.sources, driver.names, std::move(files), std::move(parsed));
}

void add_plan_flags(CLI::App* cmd, PlanFlags& flags, bool with_destroy) {
  cmd->add_option("--refresh", flags.refresh, "read the real objects before planning (default true)")
      ->default_str("true");
  cmd->add_option("--target", flags.targets, "plan only this resource (or group) and its dependencies");
  cmd->add_option("--replace", flags.replace, "replace this resource even if unchanged");
  cmd->add_option("--import", flags.imports, "ADDR=ID: adopt the existing object ID as the resource ADDR");
  if (with_destroy) cmd->add_flag("--destroy", flags.destroy, "plan to destroy every resource");
}

void add_spec_files(CLI::App* cmd, std::vector<std::string>& files) {
  cmd->add_option("SPEC", files, "the spec: .conf files (merged in order) or one .json file; field overrides "
                                 "(path=value) after `--`")
      ->required();
}

std::unique_ptr<graph::SpecEvaluator> load_spec_with_overrides(Driver& driver, const std::vector<std::string>& files) {
  return load_spec(driver, files, driver.overrides);
}

bool check_outside_state(Driver& driver, const plan::Plan& plan, const std::string& state) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path repo = fs::weakly_canonical(fs::absolute(state, ec), ec);
  if (ec) return true;
  if (repo.filename().empty()) repo = repo.parent_path();
  bool ok = true;
  for (const plan::ResourceChange& c : plan.changes) {
    if (c.action == plan::ActionKind::NoOp || c.action == plan::ActionKind::Delete) continue;
    // Files and directories of the local provider (or a configuration of its kind).
    const resource::Value* settings = nullptr;
    if (auto it = plan.providers.find(c.provider); it != plan.providers.end()) settings = &it->second;
    const resource::Value* kind = settings && settings->is_object() ? settings->get("kind") : nullptr;
    std::string provider_kind = kind && kind->is_string() ? kind->as_string() : c.provider;
    if (provider_kind != "local") continue;
    const resource::Value* path = c.after_inputs.get("path");
    if (!path || !path->is_string()) continue;
    const resource::Value* root = settings && settings->is_object() ? settings->get("root") : nullptr;
    fs::path p = path->as_string();
    if (p.is_relative() && root && root->is_string() && !root->as_string().empty()) p = fs::path(root->as_string()) / p;
    fs::path full = fs::weakly_canonical(fs::absolute(p, ec), ec);
    if (ec) continue;
    auto [r, f] = std::mismatch(repo.begin(), repo.end(), full.begin(), full.end());
    if (r != repo.end()) continue;
    driver.diags.error(diag::DiagKind::ResourceInState, c.loc,
                       fmt::format("`{}` would write `{}`, inside the state repository `{}`", c.address,
                                   path->as_string(), state))
        .help("the state repository belongs to cairn: choose a path outside it, or keep state elsewhere with `--state`");
    ok = false;
  }
  return ok;
}

std::optional<plan::Plan> make_plan(Driver& driver, graph::SpecEvaluator* spec,
                                    const std::vector<std::string>& spec_files, const state::Snapshot& snapshot,
                                    providers::Registry& registry, const PlanFlags& flags,
                                    const StateOptions& state) {
  const std::string& stack = state.stack;
  plan::PlanInput in;
  in.spec = spec;
  in.state = &snapshot;
  in.providers = &registry;
  in.stack = stack;
  in.spec_files = spec_files;
  if (spec) in.overrides = driver.overrides;
  in.options.refresh = flags.refresh;
  in.options.destroy = flags.destroy;
  for (const auto* list : {&flags.targets, &flags.replace}) {
    for (const std::string& a : *list) {
      std::string why;
      auto norm = resource::normalize_address(a, &why);
      if (!norm) {
        driver.error(diag::DiagKind::InvalidAddress, fmt::format("`{}` is not an address: {}", a, why));
        return std::nullopt;
      }
      (list == &flags.targets ? in.options.targets : in.options.replace).push_back(*norm);
    }
  }
  for (const std::string& spec_text : flags.imports) {
    size_t eq = spec_text.find('=');
    std::string why = "write it as ADDR=ID, like `resources.web.config=out/web.conf`";
    std::optional<std::string> norm;
    if (eq != std::string::npos && eq + 1 < spec_text.size()) norm = resource::normalize_address(spec_text.substr(0, eq), &why);
    if (!norm) {
      driver.error(diag::DiagKind::InvalidAddress, fmt::format("`--import {}`: {}", spec_text, why));
      return std::nullopt;
    }
    in.options.imports.emplace_back(*norm, spec_text.substr(eq + 1));
  }
  auto plan = plan::make_plan(in, driver.diags);
  if (plan && !check_outside_state(driver, *plan, state_path(state))) return std::nullopt;
  // Sensitive values no identity opened: say what the plan cannot see.
  std::string sealed;
  size_t n_sealed = 0;
  for (const auto& [address, r] : snapshot.resources)
    if (state::locked(r) && n_sealed++ < 5) sealed += (sealed.empty() ? "`" : ", `") + address + "`";
  if (plan && (n_sealed > 0 || !snapshot.sealed_outputs.empty())) {
    if (n_sealed > 5) sealed += fmt::format(" and {} more", n_sealed - 5);
    std::string what = n_sealed > 0 ? "the sensitive values of " + sealed : "the sensitive outputs";
    if (n_sealed > 0 && !snapshot.sealed_outputs.empty()) what += " and the sensitive outputs";
    driver.diags
        .warning(diag::DiagKind::StateError, {},
                 fmt::format("{} are encrypted in state and no age identity opens them: the plan compares them, and "
                             "what is computed from them, as unchanged; applying a change that needs them is "
                             "refused",
                             what))
        .help("set CAIRN_AGE_IDENTITY to the age identity (AGE-SECRET-KEY-1..., or its key file) of one of the state "
              "repository's recipients");
  }
  return plan;
}

bool stdout_color(const Driver& driver) {
  if (driver.color == "always") return true;
  if (driver.color == "never") return false;
  return diag::want_color(stdout);
}

} // namespace cairn::cli
