// The synchronous and the one-worker schedulers; see scheduler.h.
#include "compiler/lsp/scheduler.h"

namespace cairn::lsp {

int SyncScheduler::drain() {
  int n = 0;
  while (!done_.empty()) {
    auto f = std::move(done_.front());
    done_.pop_front();
    if (f) f();
    ++n;
  }
  return n;
}

ThreadScheduler::ThreadScheduler() : worker_([this] { loop(); }) {}

ThreadScheduler::~ThreadScheduler() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  worker_.join();
}

void ThreadScheduler::post(std::function<std::function<void()>()> work) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back(std::move(work));
  }
  wake_.notify_all();
}

bool ThreadScheduler::busy() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return running_ || !queue_.empty();
}

int ThreadScheduler::drain() {
  std::deque<std::function<void()>> done;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    done.swap(done_);
  }
  int n = 0;
  for (auto& f : done) {
    if (f) f();
    ++n;
  }
  return n;
}

void ThreadScheduler::loop() {
  for (;;) {
    std::function<std::function<void()>()> work;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      if (stop_) return;
      work = std::move(queue_.front());
      queue_.pop_front();
      running_ = true;
    }
    std::function<void()> done = work();
    std::lock_guard<std::mutex> lock(mutex_);
    running_ = false;
    done_.push_back(std::move(done));
  }
}

} // namespace cairn::lsp
