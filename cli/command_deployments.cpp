// `cairn deployments [--json] [-n N]`: the stack's deployments, newest first, one per
// commit made by apply, destroy or import (those carry a `Cairn-Plan` trailer): the state
// commit, its time (UTC), the spec's git commit (and whether its work tree was clean), the
// plan's hash and the summary, which is the commit message's first line. Only reads the
// state repository, so a follower with read access alone can run it.
#include <cctype>
#include <ctime>

#include <fmt/core.h>

#include "cli/deploy_common.h"
#include "runtime/resource/json.h"

namespace cairn::cli {

namespace {

struct Deployment {
  std::string commit;
  int64_t time = 0;
  std::string summary;     // "apply: 2 added, 1 changed, 0 destroyed"
  std::string plan;        // hex digest of the plan
  std::string spec;        // "site.conf sha256:..." (empty when applied from no spec)
  std::string spec_commit; // empty when the spec was not in a git checkout
  std::optional<bool> spec_clean;
  std::string version;
  std::map<std::string, uint64_t> counts; // "added" -> 2, ...
};

std::string iso_time(int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// "apply: 1 imported, 2 added, 0 changed" -> {imported: 1, added: 2, changed: 0}.
std::map<std::string, uint64_t> summary_counts(const std::string& summary) {
  std::map<std::string, uint64_t> out;
  size_t i = summary.find(':');
  i = i == std::string::npos ? 0 : i + 1;
  while (i < summary.size()) {
    while (i < summary.size() && !std::isdigit(static_cast<unsigned char>(summary[i]))) ++i;
    size_t start = i;
    while (i < summary.size() && std::isdigit(static_cast<unsigned char>(summary[i]))) ++i;
    if (start == i) break;
    uint64_t n = std::stoull(summary.substr(start, std::min<size_t>(i - start, 18)));
    while (i < summary.size() && summary[i] == ' ') ++i;
    size_t word = i;
    while (i < summary.size() && std::isalpha(static_cast<unsigned char>(summary[i]))) ++i;
    if (word < i) out[summary.substr(word, i - word)] = n;
  }
  return out;
}

std::optional<Deployment> deployment_of(const state::LogEntry& e) {
  Deployment d;
  for (const auto& [key, value] : state::message_trailers(e.message)) {
    if (key == "Cairn-Plan") d.plan = value.rfind("sha256:", 0) == 0 ? value.substr(7) : value;
    else if (key == "Cairn-Spec") d.spec = value;
    else if (key == "Cairn-Spec-Commit") d.spec_commit = value;
    else if (key == "Cairn-Spec-Clean") d.spec_clean = value == "yes";
    else if (key == "Cairn-Version") d.version = value;
  }
  if (d.plan.empty()) return std::nullopt; // `state rm`, a recorded journal: not a deployment
  // Commits made before `Cairn-Spec-Clean` marked a dirty checkout with a suffix.
  if (size_t n = d.spec_commit.size(); n > 6 && d.spec_commit.compare(n - 6, 6, "-dirty") == 0) {
    d.spec_commit.resize(n - 6);
    d.spec_clean = false;
  }
  d.commit = e.commit;
  d.time = e.time;
  d.summary = e.message.substr(0, e.message.find('\n'));
  d.counts = summary_counts(d.summary);
  return d;
}

resource::Json to_json(const Deployment& d, const std::string& stack) {
  resource::Json j = resource::Json::object();
  j["commit"] = d.commit;
  j["time"] = iso_time(d.time);
  j["stack"] = stack;
  j["summary"] = d.summary;
  for (const char* k : {"imported", "added", "changed", "destroyed", "failed", "skipped"})
    if (auto it = d.counts.find(k); it != d.counts.end()) j[k] = it->second;
  j["plan"] = d.plan;
  j["spec"] = d.spec.empty() ? resource::Json(nullptr) : resource::Json(d.spec);
  j["spec_commit"] = d.spec_commit.empty() ? resource::Json(nullptr) : resource::Json(d.spec_commit);
  j["spec_clean"] = d.spec_clean ? resource::Json(*d.spec_clean) : resource::Json(nullptr);
  j["cairn_version"] = d.version.empty() ? resource::Json(nullptr) : resource::Json(d.version);
  return j;
}

std::string line_of(const Deployment& d) {
  std::string spec = d.spec_commit.empty() ? "-" : d.spec_commit.substr(0, 12);
  if (!d.spec_commit.empty() && d.spec_clean && !*d.spec_clean) spec += " dirty";
  return fmt::format("{}  {}  spec {:<18}  plan {}  {}", d.commit.substr(0, 12), iso_time(d.time), spec,
                     d.plan.substr(0, 12), d.summary);
}

} // namespace

void register_deployments(CLI::App& app, Driver& driver) {
  struct Options {
    StateOptions state;
    bool json = false;
    size_t limit = 20;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("deployments", "List the stack's deployments (apply commits), newest first");
  add_state_options(cmd, opts->state);
  cmd->add_flag("--json", opts->json, "one JSON array of objects");
  cmd->add_option("-n,--max-count", opts->limit, "how many deployments to show (0: all)")->default_str("20");
  cmd->callback([&driver, opts] {
    driver.exit_code = kError;
    std::unique_ptr<state::Store> store;
    state::Snapshot snap;
    if (!read_state_at(driver, opts->state, "", &store, &snap)) return;
    std::vector<state::LogEntry> entries;
    std::string why;
    if (!store->log(opts->state.stack, SIZE_MAX, &entries, &why)) {
      driver.error(diag::DiagKind::StateError, fmt::format("cannot read the state: {}", why));
      return;
    }
    std::vector<Deployment> found;
    for (const state::LogEntry& e : entries) {
      if (opts->limit > 0 && found.size() >= opts->limit) break;
      if (auto d = deployment_of(e)) found.push_back(std::move(*d));
    }
    if (opts->json) {
      resource::Json all = resource::Json::array();
      for (const Deployment& d : found) all.push_back(to_json(d, opts->state.stack));
      fmt::print("{}\n", all.dump(2));
    } else {
      for (const Deployment& d : found) fmt::print("{}\n", line_of(d));
    }
    driver.exit_code = kOk;
  });
}

} // namespace cairn::cli
