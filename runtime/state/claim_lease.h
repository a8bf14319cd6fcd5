// Keeping a claim (remote.h, `claim`) alive while the apply it covers runs. A claim lasts a
// fixed time so that one whose holder died expires; an apply that outlasts it would let
// another reconciler that planned the same change from the same state claim it and make it
// a second time. The lease re-claims from the same base as the same holder every third of
// the lifetime, on a thread of its own, until it is destroyed (the apply ended):
//
//   state::ClaimLease lease(url, cache, stack, base, who, seconds);   // after `Claimed`
//   execute_plan(...);                                                // lease renews meanwhile
//
// A renewal is an ordinary claim, so it lands only while `main` still holds the base (the
// apply publishes `main` once, at its end) and no other holder took over (which only an
// expired claim allows). Once `main` moved the claim no longer matters (every plan from the
// base is stale). A renewal refused otherwise is reported once on stderr; the apply goes on
// (stopping halfway would lose nothing, but would not help either).
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace cairn::state {

class ClaimLease {
public:
  ClaimLease(std::string url, std::string cache, std::string stack, std::string base, std::string who,
             int seconds);
  ~ClaimLease();
  ClaimLease(const ClaimLease&) = delete;
  ClaimLease& operator=(const ClaimLease&) = delete;

  // Renewals that landed so far (tests).
  int renewals() const;

private:
  void run();

  const std::string url_, cache_, stack_, base_, who_;
  const int seconds_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  int renewals_ = 0;
  std::thread thread_; // last: starts once everything above is set
};

// The claim lifetime: `seconds`, or $CAIRN_CLAIM_SECONDS when it is a positive number (tests
// make it short to see a lease renew).
int claim_seconds(int seconds);

} // namespace cairn::state
