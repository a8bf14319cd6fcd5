// The apply executor: worker threads that call providers, and the calling thread, which
// evaluates unknown inputs and shows progress. See apply.h.
//
// Every piece of scheduling state (and the state transaction) is guarded by one mutex. A
// worker takes a ready action, runs it without the lock, then under the lock records the
// result, appends it to the state journal, and releases what waited for it; then it takes
// the next ready action itself, so a chain of actions runs without any hand-off between
// threads. Actions whose inputs must be evaluated again go to the calling thread, which
// evaluates them in batches (without the lock) and makes them ready. A failure skips
// everything downstream of it that has not started.
#include <chrono>
#include <condition_variable>
#include <algorithm>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <fmt/core.h>

#include "runtime/apply/apply.h"
#include "runtime/apply/perform.h"
#include "runtime/apply/reevaluate.h"

namespace cairn::apply {

namespace {

using plan::ActionKind;

struct Job {
  uint32_t index;
  resource::Value inputs;
  providers::Provider* provider;
  providers::Provider* prior_provider;
};

class Executor {
public:
  Executor(ApplyInput& in, state::Transaction& tx, diag::Diagnostics& diags)
      : in_(in), plan_(*in.plan), tx_(tx), diags_(diags), n_(static_cast<uint32_t>(plan_.changes.size())) {}

  ApplyResult run() {
    std::unique_lock<std::mutex> lock(m_);
    result_.results.resize(n_);
    providers_.resize(n_, nullptr);
    prior_providers_.resize(n_, nullptr);
    missing_.resize(n_);
    dependents_.resize(n_);
    extra_waits_.resize(n_);
    launched_.resize(n_, false);
    for (uint32_t i = 0; i < n_; ++i) {
      const plan::ResourceChange& c = plan_.changes[i];
      providers_[i] = in_.providers->get(c.provider);
      prior_providers_[i] = c.prior ? in_.providers->get(c.prior->provider) : providers_[i];
      if (!providers_[i] || !prior_providers_[i]) {
        diags_.error(diag::DiagKind::UnknownResourceType, {},
                     fmt::format("`{}` uses provider `{}`, which does not exist", c.address,
                                 providers_[i] ? c.prior->provider : c.provider));
        result_.results.clear();
        return result_;
      }
      missing_[i] = static_cast<uint32_t>(plan_.waits_for[i].size());
      for (uint32_t j : plan_.waits_for[i]) dependents_[j].push_back(i);
      if (c.action == ActionKind::Delete) ++deletes_left_;
    }
    std::vector<std::thread> workers;
    for (uint32_t t = 0; t < std::max<uint32_t>(1, in_.parallelism); ++t)
      workers.emplace_back([this] { work(); });
    for (uint32_t i = 0; i < n_; ++i)
      if (missing_[i] == 0) ready(i);
    while (finished_ < n_) {
      flush_held();
      if (!eval_batch_.empty()) {
        evaluate_batch(lock);
        continue;
      }
      if (running_ == 0 && queue_.empty()) break; // nothing in flight or startable: blocked
      coord_cv_.wait_for(lock, std::chrono::milliseconds(200), [this] {
        return finished_ == n_ || !eval_batch_.empty() || (deletes_left_ == 0 && !held_.empty()) ||
               (running_ == 0 && queue_.empty()) || finished_ >= prewritten_ + 32;
      });
      if (in_.progress) in_.progress->tick(running_, finished_, n_);
      prewrite(lock);
    }
    stop_ = true;
    work_cv_.notify_all();
    lock.unlock();
    for (auto& t : workers) t.join();
    lock.lock();
    // Whatever could not start (blocked behind failures) is skipped.
    for (uint32_t i = 0; i < n_; ++i)
      if (result_.results[i].status == Status::Pending) skip(i, "");
    final_known_ = known_outputs();
    return std::move(result_);
  }

  bool state_failed() const { return state_failed_; }
  const graph::OutputsMap& final_known() const { return final_known_; }

  // The outputs known now: finished actions, no-ops, and resources outside the plan.
  graph::OutputsMap known_outputs() const {
    graph::OutputsMap known;
    for (const auto& [address, r] : tx_.base().resources) known[address] = r.outputs;
    for (uint32_t i = 0; i < n_; ++i) {
      const plan::ResourceChange& c = plan_.changes[i];
      if (c.action == ActionKind::NoOp && c.prior) {
        known[c.address] = c.prior->outputs;
      } else if (auto it = outputs_.find(c.address);
                 result_.results.size() == n_ && result_.results[i].status == Status::Done &&
                 it != outputs_.end()) {
        known[c.address] = it->second;
      } else {
        known.erase(c.address);
      }
    }
    return known;
  }

private:
  // Every action it waits for is done: start it (or hold it behind the deletes).
  void ready(uint32_t i) {
    if (result_.results[i].status != Status::Pending || launched_[i]) return;
    launched_[i] = true;
    const plan::ResourceChange& c = plan_.changes[i];
    if (c.action == ActionKind::NoOp) {
      finish_noop(i);
      return;
    }
    if (c.action != ActionKind::Delete && deletes_left_ > 0) {
      held_.push_back(i);
      return;
    }
    if (c.action != ActionKind::Delete && c.after_inputs.has_unknown()) {
      eval_batch_.push_back(i);
      return;
    }
    start(i, c.action == ActionKind::Delete ? resource::Value::null() : c.after_inputs);
  }

  bool stop_requested() const { return in_.stop && in_.stop->load(); }

  void flush_held() {
    if (deletes_left_ > 0 || held_.empty()) return;
    std::vector<uint32_t> held;
    held.swap(held_);
    for (uint32_t i : held) {
      launched_[i] = false;
      ready(i);
    }
  }

  void start(uint32_t i, resource::Value inputs) {
    if (stopping_ || stop_requested()) {
      skip(i, "");
      return;
    }
    queue_.push_back({i, std::move(inputs), providers_[i], prior_providers_[i]});
    work_cv_.notify_one();
  }

  // A worker: take a ready action, run it unlocked, record it, repeat.
  void work() {
    std::unique_lock<std::mutex> lock(m_);
    while (true) {
      work_cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      if (queue_.empty()) return;
      Job job = std::move(queue_.front());
      queue_.pop_front();
      if (stop_requested()) {
        skip(job.index, "");
        coord_cv_.notify_one();
        continue;
      }
      ++running_;
      if (in_.progress) in_.progress->started(plan_.changes[job.index]);
      lock.unlock();
      Outcome outcome = perform(plan_.changes[job.index], job.inputs, *job.provider, *job.prior_provider);
      lock.lock();
      --running_;
      complete(job.index, std::move(outcome));
      checkpoint();
      release(job.index);
      coord_cv_.notify_one();
    }
  }

  // While actions run, write the git objects of finished records (the final commit then only
  // writes trees). Called with the lock held; writes without it.
  void prewrite(std::unique_lock<std::mutex>& lock) {
    prewritten_ = finished_;
    std::vector<state::Transaction::BlobJob> jobs = tx_.blob_jobs();
    if (jobs.empty()) return;
    lock.unlock();
    std::string why;
    bool ok = tx_.write_blobs(jobs, &why);
    lock.lock();
    if (ok) tx_.blobs_written(std::move(jobs));
  }

  // Called with the lock held; evaluates without it.
  void evaluate_batch(std::unique_lock<std::mutex>& lock) {
    std::vector<uint32_t> batch;
    batch.swap(eval_batch_);
    if (!in_.spec) {
      for (uint32_t i : batch)
        fail(i, "its inputs depend on outputs, but the spec is not available to evaluate them");
      return;
    }
    diag::CollectingConsumer collected;
    diag::Diagnostics quiet(&collected);
    graph::OutputsMap known = known_outputs();
    lock.unlock();
    std::optional<graph::Spec> spec = in_.spec->evaluate_values(known, quiet);
    lock.lock();
    if (!spec) {
      for (const diag::Diagnostic& d : collected.diagnostics) diags_.report(d);
      for (uint32_t i : batch) fail(i, "the spec failed to evaluate");
      return;
    }
    for (uint32_t i : batch) {
      const plan::ResourceChange& c = plan_.changes[i];
      FinalInputs f = final_inputs(c, *spec, *providers_[i]);
      switch (f.kind) {
      case FinalInputs::Kind::Ready: start(i, std::move(f.inputs)); break;
      case FinalInputs::Kind::Error: fail(i, f.error); break;
      case FinalInputs::Kind::Waiting: wait_more(i, f.waiting_on, known); break;
      }
    }
  }

  // The inputs still read outputs not known yet: wait for those resources if the plan will
  // produce them (an edge the plan could not see), evaluate again if one finished after
  // `known` was taken, else fail. The plan's edges are complete (docs/deploy.md), so this
  // is only a safety net.
  void wait_more(uint32_t i, const std::set<std::string>& addresses, const graph::OutputsMap& known) {
    std::vector<uint32_t> pending;
    bool again = false;
    for (const std::string& a : addresses) {
      uint32_t j = index_of(a);
      bool will_finish = j != UINT32_MAX && j != i && result_.results[j].status == Status::Pending;
      if (j != UINT32_MAX && j != i && result_.results[j].status == Status::Done && !known.count(a)) {
        again = true;
        continue;
      }
      if (!will_finish) {
        fail(i, fmt::format("its inputs still read the outputs of `{}`, which are unknown after "
                            "the actions it depends on",
                            a));
        return;
      }
      pending.push_back(j);
    }
    if (pending.empty() && again) {
      eval_batch_.push_back(i);
      return;
    }
    for (uint32_t j : pending) {
      extra_waits_[i].insert(j);
      dependents_[j].push_back(i);
    }
  }

  uint32_t index_of(const std::string& address) const {
    auto it = std::lower_bound(plan_.changes.begin(), plan_.changes.end(), address,
                               [](const plan::ResourceChange& c, const std::string& a) { return c.address < a; });
    return it != plan_.changes.end() && it->address == address ? static_cast<uint32_t>(it - plan_.changes.begin())
                                                               : UINT32_MAX;
  }

  void finish_noop(uint32_t i) {
    const plan::ResourceChange& c = plan_.changes[i];
    if (c.prior) {
      resource::ResourceRecord r = *c.prior;
      r.dependencies = c.dependencies;
      r.lifecycle = c.lifecycle;
      r.provider = c.provider;
      r.sensitive = c.sensitive;
      auto base = tx_.base().resources.find(c.address);
      if (base == tx_.base().resources.end() || !(base->second == r)) {
        tx_.put(r);
        staged_ = true;
      }
      outputs_[c.address] = r.outputs;
    }
    result_.results[i].status = Status::Done;
    result_.results[i].id = c.prior ? c.prior->id : "";
    ++finished_;
    if (!c.import_id.empty()) {
      ++result_.imported;
      if (in_.progress) in_.progress->finished(c, result_.results[i]);
    }
    release(i);
  }

  void complete(uint32_t i, Outcome outcome) {
    const plan::ResourceChange& c = plan_.changes[i];
    ActionResult& r = result_.results[i];
    r.seconds = outcome.seconds;
    if (outcome.touch_state) {
      if (outcome.record) {
        tx_.put(*outcome.record);
        outputs_[c.address] = outcome.record->outputs;
        r.id = outcome.record->id;
      } else {
        tx_.remove(c.address);
      }
      staged_ = true;
    }
    if (c.action == ActionKind::Delete) --deletes_left_;
    ++finished_;
    if (outcome.ok) {
      r.status = Status::Done;
      if (!c.import_id.empty()) ++result_.imported;
      switch (c.action) {
      case ActionKind::Create: ++result_.added; break;
      case ActionKind::Update: ++result_.changed; break;
      case ActionKind::Replace:
        ++result_.added;
        ++result_.destroyed;
        break;
      case ActionKind::Delete: ++result_.destroyed; break;
      case ActionKind::NoOp: break;
      }
    } else {
      r.status = Status::Failed;
      r.error = outcome.error;
      ++result_.failed;
    }
    if (in_.progress) in_.progress->finished(c, r);
  }

  void checkpoint() {
    if (!staged_) return;
    staged_ = false;
    std::string why;
    if (!tx_.checkpoint(&why)) {
      diags_.error(diag::DiagKind::StateError, {},
                   fmt::format("cannot record progress in state: {}; stopping", why));
      state_failed_ = true;
      stopping_ = true;
    }
  }

  // After a completion is recorded: start what it unblocks, or skip what it blocks. Runs a
  // work list, so long chains of no-ops or skips do not recurse.
  void release(uint32_t i) {
    to_release_.push_back(i);
    if (releasing_) return;
    releasing_ = true;
    while (!to_release_.empty()) {
      uint32_t k = to_release_.back();
      to_release_.pop_back();
      release_one(k);
    }
    releasing_ = false;
  }

  void release_one(uint32_t i) {
    const ActionResult& r = result_.results[i];
    if (r.status == Status::Failed || r.status == Status::Skipped) {
      const std::string& why = r.status == Status::Failed ? plan_.changes[i].address : r.skipped_for;
      for (uint32_t d : dependents_[i]) skip(d, why);
      return;
    }
    for (uint32_t d : dependents_[i]) {
      if (result_.results[d].status != Status::Pending) continue;
      if (extra_waits_[d].erase(i) > 0) {
        if (extra_waits_[d].empty()) eval_batch_.push_back(d); // still launched_
        continue;
      }
      if (--missing_[d] == 0) ready(d);
    }
  }

  void fail(uint32_t i, std::string error) {
    ActionResult& r = result_.results[i];
    r.status = Status::Failed;
    r.error = std::move(error);
    ++result_.failed;
    ++finished_;
    if (plan_.changes[i].action == ActionKind::Delete) --deletes_left_;
    if (in_.progress) in_.progress->finished(plan_.changes[i], r);
    release(i);
  }

  void skip(uint32_t i, const std::string& because) {
    ActionResult& r = result_.results[i];
    if (r.status != Status::Pending) return;
    r.status = Status::Skipped;
    r.skipped_for = because;
    ++result_.skipped;
    ++finished_;
    if (plan_.changes[i].action == ActionKind::Delete) --deletes_left_;
    if (in_.progress && plan_.changes[i].action != ActionKind::NoOp) in_.progress->finished(plan_.changes[i], r);
    release(i);
  }

  ApplyInput& in_;
  const plan::Plan& plan_;
  state::Transaction& tx_;
  diag::Diagnostics& diags_;
  uint32_t n_;
  std::mutex m_;
  std::condition_variable work_cv_;  // workers: an action is ready, or stop
  std::condition_variable coord_cv_; // the calling thread: something to evaluate, or done
  std::deque<Job> queue_;            // actions ready to run, inputs final
  bool stop_ = false;
  uint32_t prewritten_ = 0; // finished_ when objects were last written ahead
  ApplyResult result_;
  std::vector<providers::Provider*> providers_;
  std::vector<providers::Provider*> prior_providers_;
  std::vector<uint32_t> missing_;
  std::vector<std::vector<uint32_t>> dependents_;
  std::vector<std::set<uint32_t>> extra_waits_;
  std::vector<bool> launched_; // ready() ran: started, held, or waiting for evaluation
  std::vector<uint32_t> held_;
  std::vector<uint32_t> eval_batch_;
  std::map<std::string, resource::Value> outputs_;
  graph::OutputsMap final_known_;
  std::vector<uint32_t> to_release_;
  bool releasing_ = false;
  uint32_t deletes_left_ = 0;
  uint32_t running_ = 0;
  uint32_t finished_ = 0;
  bool staged_ = false;
  bool stopping_ = false;
  bool state_failed_ = false;
};

} // namespace

ApplyResult execute(ApplyInput& input, state::Transaction& tx, diag::Diagnostics& diags,
                    bool* state_failed, graph::OutputsMap* known);

ApplyResult execute(ApplyInput& input, state::Transaction& tx, diag::Diagnostics& diags,
                    bool* state_failed, graph::OutputsMap* known) {
  Executor ex(input, tx, diags);
  ApplyResult r = ex.run();
  *state_failed = ex.state_failed();
  *known = ex.final_known();
  return r;
}

} // namespace cairn::apply
