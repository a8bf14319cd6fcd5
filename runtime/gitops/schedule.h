// When `cairn reconcile` runs next: durations as the command line spells them, and the
// exponential backoff after failures.
//
// After the n-th failure in a row the next attempt waits min(cap, base * 2^(n-1)), times a
// jitter factor in [0.5, 1] so that reconcilers failing together (the same server went
// away) do not retry together; a success resets n to 0 and the loop waits `--interval`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace cairn::gitops {

// "60s", "500ms", "2m", "1h", "1.5s"; a bare number is seconds. nullopt when it is not a
// duration or not positive.
std::optional<double> parse_duration(const std::string& text);
// "1m30s"-style text for messages: "250ms", "4s", "2m", "1m30s".
std::string format_duration(double seconds);

// The wait after `failures` (>= 1) failures in a row; `unit` is a random number in [0, 1).
double backoff_delay(uint32_t failures, double base, double cap, double unit);

} // namespace cairn::gitops
