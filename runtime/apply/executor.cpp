// The apply executor: a coordinating thread that owns the schedule and the state
// transaction, and a pool of worker threads that call providers. See apply.h.
//
// The coordinator loop: start what is ready (evaluating unknown inputs first, in batches),
// wait for completions, record each completion in the transaction, checkpoint the journal
// once per batch of completions, and only then release the actions that wait for them. A
// failure skips everything downstream of it that has not started.
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

struct Completion {
  uint32_t index;
  Outcome outcome;
};

// Worker threads calling providers.
class Pool {
public:
  Pool(const plan::Plan& plan, uint32_t threads) : plan_(plan) {
    for (uint32_t i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
  }
  ~Pool() {
    {
      std::lock_guard<std::mutex> g(m_);
      stop_ = true;
    }
    jobs_cv_.notify_all();
    for (auto& t : threads_) t.join();
  }
  void submit(Job job) {
    {
      std::lock_guard<std::mutex> g(m_);
      jobs_.push_back(std::move(job));
    }
    jobs_cv_.notify_one();
  }
  // Waits up to `timeout` for completions and takes all of them.
  std::vector<Completion> wait(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> g(m_);
    done_cv_.wait_for(g, timeout, [this] { return !done_.empty(); });
    std::vector<Completion> out(std::make_move_iterator(done_.begin()), std::make_move_iterator(done_.end()));
    done_.clear();
    return out;
  }

private:
  void work() {
    while (true) {
      Job job;
      {
        std::unique_lock<std::mutex> g(m_);
        jobs_cv_.wait(g, [this] { return stop_ || !jobs_.empty(); });
        if (jobs_.empty()) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      Outcome o = perform(plan_.changes[job.index], job.inputs, *job.provider, *job.prior_provider);
      {
        std::lock_guard<std::mutex> g(m_);
        done_.push_back({job.index, std::move(o)});
      }
      done_cv_.notify_one();
    }
  }

  const plan::Plan& plan_;
  std::mutex m_;
  std::condition_variable jobs_cv_, done_cv_;
  std::deque<Job> jobs_;
  std::deque<Completion> done_;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

class Executor {
public:
  Executor(ApplyInput& in, state::Transaction& tx, diag::Diagnostics& diags)
      : in_(in), plan_(*in.plan), tx_(tx), diags_(diags), n_(static_cast<uint32_t>(plan_.changes.size())) {}

  ApplyResult run() {
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
        return result_;
      }
      missing_[i] = static_cast<uint32_t>(plan_.waits_for[i].size());
      for (uint32_t j : plan_.waits_for[i]) dependents_[j].push_back(i);
      if (c.action == ActionKind::Delete) ++deletes_left_;
    }
    Pool pool(plan_, std::max<uint32_t>(1, in_.parallelism));
    pool_ = &pool;
    for (uint32_t i = 0; i < n_; ++i)
      if (missing_[i] == 0) ready(i);
    while (finished_ < n_) {
      flush_held();
      if (!eval_batch_.empty()) {
        evaluate_batch();
        continue;
      }
      if (running_ == 0) break; // nothing in flight, nothing startable: blocked by failures
      std::vector<Completion> done = pool.wait(std::chrono::milliseconds(200));
      if (in_.progress) in_.progress->tick(running_, finished_, n_);
      if (done.empty()) continue;
      std::vector<uint32_t> completed;
      for (Completion& c : done) completed.push_back(complete(c));
      checkpoint();
      for (uint32_t i : completed) release(i);
    }
    // Whatever could not start (blocked behind failures) is skipped.
    for (uint32_t i = 0; i < n_; ++i)
      if (result_.results[i].status == Status::Pending) skip(i, "");
    pool_ = nullptr;
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
    if (stopping_) {
      skip(i, "");
      return;
    }
    if (in_.progress) in_.progress->started(plan_.changes[i]);
    ++running_;
    pool_->submit({i, std::move(inputs), providers_[i], prior_providers_[i]});
  }

  void evaluate_batch() {
    std::vector<uint32_t> batch;
    batch.swap(eval_batch_);
    if (!in_.spec) {
      for (uint32_t i : batch)
        fail(i, "its inputs depend on outputs, but the spec is not available to evaluate them");
      return;
    }
    diag::CollectingConsumer collected;
    diag::Diagnostics quiet(&collected);
    std::optional<graph::Spec> spec = in_.spec->evaluate(known_outputs(), quiet);
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
      case FinalInputs::Kind::Waiting: wait_more(i, f.waiting_on); break;
      }
    }
  }

  // The inputs still read outputs not known yet: wait for those resources if the plan will
  // produce them (an edge the plan could not see), else fail.
  void wait_more(uint32_t i, const std::set<std::string>& addresses) {
    std::vector<uint32_t> pending;
    for (const std::string& a : addresses) {
      uint32_t j = index_of(a);
      bool will_finish = j != UINT32_MAX && j != i && result_.results[j].status == Status::Pending;
      if (!will_finish) {
        fail(i, fmt::format("its inputs still read the outputs of `{}`, which are unknown after "
                            "the actions it depends on",
                            a));
        return;
      }
      pending.push_back(j);
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
    release(i);
  }

  uint32_t complete(Completion& done) {
    uint32_t i = done.index;
    --running_;
    const plan::ResourceChange& c = plan_.changes[i];
    ActionResult& r = result_.results[i];
    r.seconds = done.outcome.seconds;
    if (done.outcome.touch_state) {
      if (done.outcome.record) {
        tx_.put(*done.outcome.record);
        outputs_[c.address] = done.outcome.record->outputs;
        r.id = done.outcome.record->id;
      } else {
        tx_.remove(c.address);
      }
      staged_ = true;
    }
    if (c.action == ActionKind::Delete) --deletes_left_;
    ++finished_;
    if (done.outcome.ok) {
      r.status = Status::Done;
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
      r.error = done.outcome.error;
      ++result_.failed;
    }
    if (in_.progress) in_.progress->finished(c, r);
    return i;
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
  Pool* pool_ = nullptr;
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
