// `cairn reconcile --source REPO`: the GitOps loop. Every interval (or at once on `POST
// /hook`) it fetches the spec repository into a private checkout (runtime/gitops/
// spec_source.h), then plans and applies the spec at the ref against the state exactly as
// `cairn apply SPEC --auto-approve` does (deploy_apply.h): a plan with changes, because the
// spec's commit moved or because refresh found drift, is applied and recorded with the
// spec's commit in its trailers. Failures back off exponentially (runtime/gitops/
// schedule.h); an apply that lost the race for a remote state to another reconciler plans
// again at once, from the winner's state, so the same change is not applied twice.
// SIGTERM (or SIGINT) lets the actions in flight finish, records them and exits 0.
// `--once` runs one pass: exit 0 when the stack is converged, 1 when the pass failed.
#include "cli/deploy_apply.h"
#include "cli/http_endpoint.h"
#include "compiler/base/sha256.h"
#include "runtime/gitops/schedule.h"
#include "runtime/gitops/spec_source.h"
#include "runtime/gitops/status.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fmt/core.h>
#include <fstream>
#include <mutex>
#include <random>
#include <signal.h>
#include <thread>
#include <unistd.h>

namespace cairn::cli {

namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_stop_signal(int) {
  g_stop.store(true);
}

struct ReconcileOptions {
  std::string source, ref = "main", path = "main.conf", interval = "60s", max_backoff = "5m";
  std::string listen, hook_secret_file, work;
  std::string holder; // who claims the stack: host:pid
  bool once = false;
  uint32_t parallelism = 10;
  StateOptions state;
};

// What the loop and the HTTP threads share.
struct Shared {
  std::mutex mutex;
  std::condition_variable wake;
  gitops::Status status;
  bool hook = false;
  std::string secret; // empty: POST /hook is not served
};

HttpReply answer(Shared& shared, const HttpRequest& req) {
  HttpReply reply;
  if (req.path == "/healthz" || req.path == "/metrics") {
    if (req.method != "GET" && req.method != "HEAD") return {405, reply.content_type, "use GET\n"};
    if (req.path == "/healthz") return {200, reply.content_type, "ok\n"};
    std::lock_guard<std::mutex> lock(shared.mutex);
    return {200, "text/plain; version=0.0.4; charset=utf-8", gitops::metrics_text(shared.status)};
  }
  if (req.path == "/hook") {
    if (req.method != "POST") return {405, reply.content_type, "use POST\n"};
    if (shared.secret.empty())
      return {404, reply.content_type, "no hook: start reconcile with --hook-secret-file\n"};
    std::string offered = req.header("authorization");
    const std::string bearer = "Bearer ";
    offered = offered.rfind(bearer, 0) == 0 ? offered.substr(bearer.size())
                                            : req.header("x-cairn-hook-secret");
    if (!equal_constant_time(offered, shared.secret))
      return {401, reply.content_type, "wrong or missing secret\n"};
    {
      std::lock_guard<std::mutex> lock(shared.mutex);
      shared.hook = true;
    }
    shared.wake.notify_all();
    return {202, reply.content_type, "reconciling\n"};
  }
  return {404, reply.content_type, "not found: /healthz, /metrics, /hook\n"};
}

// The spec commits of the stack's newest deployments in the local state (or the remote's
// cache), newest first, at most `n`.
std::vector<std::string> deployed_spec_commits(const StateOptions& opts, size_t n) {
  std::vector<std::string> out;
  bool missing = false;
  std::string why;
  auto store = state::Store::open(state_path(opts), &missing, &why);
  std::vector<state::LogEntry> log;
  if (!store || !store->log(opts.stack, 50, &log, &why)) return out;
  for (const state::LogEntry& e : log) {
    bool deployment = false;
    std::string spec;
    for (const auto& [k, v] : state::message_trailers(e.message)) {
      if (k == "Cairn-Plan") deployment = true;
      if (k == "Cairn-Spec-Commit") spec = v;
    }
    if (!deployment) continue;
    out.push_back(spec);
    if (out.size() == n) break;
  }
  return out;
}

// One pass: fetch, plan, apply. Updates `shared.status` (but not the schedule).
gitops::ResultKind run_pass(const Driver& parent, const ReconcileOptions& o, Shared& shared) {
  auto t0 = std::chrono::steady_clock::now();
  Driver driver; // fresh sources and diagnostics for each pass
  driver.message_format = parent.message_format;
  driver.color = parent.color;
  driver.configure();
  gitops::ResultKind result = gitops::ResultKind::Failed;
  gitops::SpecCheckout checkout;
  std::string why;
  ApplyReport report;
  uint64_t conflicts = 0;
  std::string spec_file;
  if (!gitops::fetch_spec(o.source, o.ref, o.work, &checkout, &why)) {
    driver.error(diag::DiagKind::SpecSourceFailed, fmt::format("cannot fetch the spec: {}", why));
  } else if (spec_file = checkout.folder + "/" + o.path;
             !std::filesystem::is_regular_file(spec_file)) {
    driver.error(diag::DiagKind::SpecSourceFailed,
                 fmt::format("the spec repository has no file `{}` at {} ({})", o.path, o.ref,
                             checkout.commit.substr(0, 12)));
  } else {
    std::printf("reconcile: spec %s at %s\n", o.ref.c_str(), checkout.commit.substr(0, 12).c_str());
    // A loser of the race for a remote state plans again from the winner's state, which
    // adopts what it did; a stack another writer holds (its lock, or its claim on the state
    // commit this plan started from) is planned again shortly, once it has moved on.
    std::mt19937_64 rng(std::random_device{}());
    std::uniform_real_distribution<double> jitter(0.5, 1.5);
    for (int attempt = 0, lost = 0; attempt < 120; ++attempt) {
      SpecApply request;
      request.files = {spec_file};
      request.state = o.state;
      request.auto_approve = true;
      request.parallelism = o.parallelism;
      request.stop = &g_stop;
      request.claim_by = o.holder;
      report = apply_spec(driver, request);
      if (g_stop.load()) break;
      if (report.outcome == ApplyOutcome::LostRace && ++lost < 4) {
        ++conflicts;
        std::printf(
            "reconcile: another writer changed the stack first; planning again from its state\n");
        continue;
      }
      if (report.outcome != ApplyOutcome::Busy) break;
      std::fflush(stdout);
      std::this_thread::sleep_for(std::chrono::duration<double>(0.5 * jitter(rng)));
    }
    switch (report.outcome) {
    case ApplyOutcome::Unchanged: result = gitops::ResultKind::Unchanged; break;
    case ApplyOutcome::Applied: result = gitops::ResultKind::Applied; break;
    case ApplyOutcome::Busy: result = gitops::ResultKind::Busy; break;
    case ApplyOutcome::Refused:
    case ApplyOutcome::Failed:
    case ApplyOutcome::LostRace: result = gitops::ResultKind::Failed; break;
    }
    if (report.stopped && !report.commit.empty()) result = gitops::ResultKind::Stopped;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::vector<std::string> deployed = deployed_spec_commits(o.state, 2);
  std::lock_guard<std::mutex> lock(shared.mutex);
  gitops::Status& s = shared.status;
  // Drift: changes planned while the spec commit was the one already deployed.
  std::string before = report.commit.empty() ? (deployed.empty() ? "" : deployed[0])
                                             : (deployed.size() > 1 ? deployed[1] : "");
  if (!checkout.commit.empty() && report.outcome != ApplyOutcome::Refused &&
      report.outcome != ApplyOutcome::Busy)
    s.drift = before == checkout.commit ? report.changes : 0;
  s.applied_spec_commit = deployed.empty() ? "" : deployed[0];
  s.seen_spec_commit = checkout.commit;
  s.last_result = result;
  s.last_duration = seconds;
  s.last_run_time = std::chrono::duration_cast<std::chrono::seconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
  ++s.runs;
  s.conflicts += conflicts;
  if (report.outcome == ApplyOutcome::Applied || !report.commit.empty()) ++s.applies;
  if (!gitops::result_ok(result)) ++s.failures;
  std::printf("reconcile: %s in %.2fs (%zu change%s)\n", gitops::result_spelling(result), seconds,
              report.changes, report.changes == 1 ? "" : "s");
  std::fflush(stdout);
  return result;
}

bool read_secret(Driver& driver, const std::string& file, std::string* out) {
  std::ifstream f(file, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
    text.pop_back();
  if (!f.good() && !f.eof()) text.clear();
  if (text.empty()) {
    driver.error(diag::DiagKind::UsageError,
                 fmt::format("`--hook-secret-file {}`: cannot read a secret from it", file));
    return false;
  }
  *out = std::move(text);
  return true;
}

void run_reconcile(Driver& driver, ReconcileOptions& o) {
  driver.exit_code = kError;
  auto interval = gitops::parse_duration(o.interval);
  auto cap = gitops::parse_duration(o.max_backoff);
  if (!interval || !cap) {
    driver.error(diag::DiagKind::UsageError,
                 fmt::format("`{}` is not a duration (like 60s, 500ms, 2m, 1h)",
                             !interval ? o.interval : o.max_backoff));
    return;
  }
  if (!check_stack(driver, o.state.stack)) return;
  if (o.work.empty())
    o.work = ".cairn/reconcile/" +
             base::sha256_hex(state::redact_url(o.source) + "\n" + o.ref).substr(0, 16);
  char host[256] = {0};
  gethostname(host, sizeof host - 1);
  o.holder = fmt::format("{}:{}", host, getpid());
  Shared shared;
  shared.status.source = state::redact_url(o.source);
  shared.status.ref = o.ref;
  shared.status.stack = o.state.stack;
  if (!o.hook_secret_file.empty() && !read_secret(driver, o.hook_secret_file, &shared.secret))
    return;
  HttpEndpoint endpoint;
  if (!o.listen.empty()) {
    size_t colon = o.listen.rfind(':');
    std::string host = colon == std::string::npos ? "" : o.listen.substr(0, colon);
    if (host.size() > 1 && host.front() == '[' && host.back() == ']')
      host = host.substr(1, host.size() - 2);
    int port = -1;
    if (colon != std::string::npos) port = std::atoi(o.listen.c_str() + colon + 1);
    if (host.empty() || port < 0 || port > 65535) {
      driver.error(diag::DiagKind::UsageError,
                   fmt::format("`--listen {}`: expected HOST:PORT, like 127.0.0.1:9090", o.listen));
      return;
    }
    int bound = 0;
    std::string why;
    if (!endpoint.start(
            host, port, [&shared](const HttpRequest& r) { return answer(shared, r); }, &bound,
            &why)) {
      driver.error(diag::DiagKind::UsageError, fmt::format("`--listen {}`: {}", o.listen, why));
      return;
    }
    std::printf("reconcile: listening on http://%s:%d\n", host.c_str(), bound);
  }
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  std::printf("reconcile: %s (%s) -> stack %s, every %s\n", shared.status.source.c_str(),
              o.ref.c_str(), o.state.stack.c_str(), gitops::format_duration(*interval).c_str());
  std::fflush(stdout);
  std::mt19937_64 rng(std::random_device{}());
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  while (true) {
    gitops::ResultKind result = run_pass(driver, o, shared);
    if (o.once) {
      driver.exit_code =
          gitops::result_ok(result) && result != gitops::ResultKind::Busy ? kOk : kError;
      return;
    }
    if (g_stop.load()) break;
    double wait = *interval;
    {
      std::lock_guard<std::mutex> lock(shared.mutex);
      gitops::Status& s = shared.status;
      s.consecutive_failures = gitops::result_ok(result) ? 0 : s.consecutive_failures + 1;
      if (s.consecutive_failures > 0)
        wait = gitops::backoff_delay(s.consecutive_failures, std::min(*interval, 5.0), *cap,
                                     unit(rng));
      else if (result == gitops::ResultKind::Busy)
        wait = std::min(*interval, 1.0 + unit(rng));
      s.backoff = s.consecutive_failures > 0 ? wait : 0;
      if (s.consecutive_failures > 0)
        std::printf("reconcile: failure %u in a row; next attempt in %s\n", s.consecutive_failures,
                    gitops::format_duration(wait).c_str());
    }
    std::fflush(stdout);
    auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait);
    std::unique_lock<std::mutex> lock(shared.mutex);
    // Polled: a signal handler cannot notify a condition variable.
    while (!g_stop.load() && !shared.hook && std::chrono::steady_clock::now() < until)
      shared.wake.wait_for(lock, std::chrono::milliseconds(50));
    if (shared.hook) std::printf("reconcile: hook received\n");
    shared.hook = false;
    if (g_stop.load()) break;
  }
  std::printf("reconcile: stopped\n");
  std::fflush(stdout);
  endpoint.stop();
  driver.exit_code = kOk;
}

} // namespace

void register_reconcile(CLI::App& app, Driver& driver) {
  auto o = std::make_shared<ReconcileOptions>();
  CLI::App* cmd =
      app.add_subcommand("reconcile", "Keep a stack in step with a spec repository (GitOps)");
  cmd->add_option("--source", o->source,
                  "the spec repository: a path or a URL (file://, git://, ssh://, https://)")
      ->required();
  cmd->add_option("--ref", o->ref, "the branch, tag or commit to deploy")->default_str("main");
  cmd->add_option("--path", o->path, "the spec file inside the repository")
      ->default_str("main.conf");
  cmd->add_option("--interval", o->interval, "how long between passes (60s, 500ms, 2m)")
      ->default_str("60s");
  cmd->add_option("--max-backoff", o->max_backoff, "the longest wait after failures in a row")
      ->default_str("5m");
  cmd->add_flag("--once", o->once,
                "run one pass and exit: 0 when the stack is converged, 1 otherwise");
  cmd->add_option("--listen", o->listen,
                  "serve /healthz, /metrics and POST /hook on HOST:PORT (port 0 picks one)");
  cmd->add_option("--hook-secret-file", o->hook_secret_file,
                  "the shared secret POST /hook wants (Authorization: Bearer)");
  cmd->add_option("--work", o->work,
                  "the private checkout (default .cairn/reconcile/<hash of source and ref>)");
  cmd->add_option("--parallelism", o->parallelism, "how many actions run at once")
      ->default_str("10")
      ->check(CLI::Range(1, 1000));
  add_state_options(cmd, o->state);
  cmd->callback([&driver, o] { run_reconcile(driver, *o); });
}

} // namespace cairn::cli
