// Where the language server runs background work (evaluations with a budget): on a worker
// thread, or, in the synchronous mode the tests use, right away on the caller's thread so
// that every answer and notification comes in a fixed order.
//
//   scheduler.post(work, done);   // work() runs in the background, done(result) later on
//   scheduler.drain();            // the main thread: runs the `done` of finished work
//
// `work` must not touch the server's state (it gets copies); `done` runs on the thread
// that calls drain(), which is the only one touching the server.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace cairn::lsp {

class Scheduler {
public:
  virtual ~Scheduler() = default;
  virtual void post(std::function<std::function<void()>()> work) = 0;
  // Runs the completions of finished work; returns how many ran.
  virtual int drain() = 0;
  // Whether work is still running or queued.
  virtual bool busy() const = 0;
};

class SyncScheduler : public Scheduler {
public:
  void post(std::function<std::function<void()>()> work) override { done_.push_back(work()); }
  int drain() override;
  bool busy() const override { return false; }

private:
  std::deque<std::function<void()>> done_;
};

class ThreadScheduler : public Scheduler {
public:
  ThreadScheduler();
  ~ThreadScheduler() override;
  void post(std::function<std::function<void()>()> work) override;
  int drain() override;
  bool busy() const override;

private:
  void loop();
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<std::function<void()>()>> queue_;
  std::deque<std::function<void()>> done_;
  bool running_ = false;
  bool stop_ = false;
  std::thread worker_;
};

} // namespace cairn::lsp
