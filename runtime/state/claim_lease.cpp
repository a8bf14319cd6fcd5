// Renewing a claim while its apply runs; see claim_lease.h.
#include "runtime/state/claim_lease.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "runtime/state/remote.h"

namespace cairn::state {

ClaimLease::ClaimLease(std::string url, std::string cache, std::string stack, std::string base,
                       std::string who, int seconds)
    : url_(std::move(url)), cache_(std::move(cache)), stack_(std::move(stack)), base_(std::move(base)),
      who_(std::move(who)), seconds_(seconds), thread_([this] { run(); }) {}

ClaimLease::~ClaimLease() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    done_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

int ClaimLease::renewals() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return renewals_;
}

void ClaimLease::run() {
  // A third of the lifetime: two renewals may fail (a slow remote) before the claim expires.
  const auto every = std::chrono::milliseconds(std::max(seconds_, 1) * 1000 / 3);
  bool warned = false;
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, every, [this] { return done_; })) {
    lock.unlock();
    std::string holder, why;
    ClaimOutcome o = claim(url_, cache_, stack_, base_, who_, seconds_, &holder, &why);
    lock.lock();
    if (o == ClaimOutcome::Claimed) {
      ++renewals_;
    } else if (o != ClaimOutcome::Stale && !warned) {
      // (Stale: `main` moved, by this apply's own publication or another's; then no plan
      // from the base can claim it any more, and the claim does not matter.)
      warned = true;
      std::fprintf(stderr, "warning: the claim on stack %s was not renewed (%s); the apply goes on\n",
                   stack_.c_str(),
                   o == ClaimOutcome::Held ? ("held by " + holder).c_str() : why.c_str());
    }
  }
}

int claim_seconds(int seconds) {
  if (const char* env = std::getenv("CAIRN_CLAIM_SECONDS")) {
    int n = std::atoi(env);
    if (n > 0) return n;
  }
  return seconds;
}

} // namespace cairn::state
