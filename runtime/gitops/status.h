// What `cairn reconcile` knows about itself, and its Prometheus text (GET /metrics).
//
// The loop writes a Status after each pass; the HTTP threads read it (the caller guards it
// with a mutex). Series, all gauges or counters without timestamps:
//   cairn_reconcile_info{source,ref,stack,spec_commit}   1; spec_commit: the one last applied
//   cairn_reconcile_last_result{result}                  1 for the last pass's result, 0 for the
//   others cairn_reconcile_last_duration_seconds                how long the last pass took
//   cairn_reconcile_last_run_timestamp_seconds           when it ended (Unix time)
//   cairn_reconcile_drift                                changes the last pass found with the spec
//   unchanged cairn_reconcile_runs_total, _applies_total, _failures_total, _conflicts_total
//   cairn_reconcile_consecutive_failures, cairn_reconcile_backoff_seconds
#pragma once

#include <cstdint>
#include <string>

namespace cairn::gitops {

enum class ResultKind : uint8_t {
#define CAIRN_RECONCILE_RESULT(e, s, ok) e,
#include "runtime/gitops/result_kind.def"
};
const char* result_spelling(ResultKind kind);
bool result_ok(ResultKind kind);

struct Status {
  std::string source; // the spec repository's URL, without its password
  std::string ref;
  std::string stack;
  std::string applied_spec_commit; // the spec commit of the stack's last deployment ("" when none)
  std::string seen_spec_commit;    // the spec commit the last pass planned
  ResultKind last_result = ResultKind::None;
  double last_duration = 0;
  int64_t last_run_time = 0;
  uint64_t drift = 0;
  uint64_t runs = 0, applies = 0, failures = 0, conflicts = 0;
  uint32_t consecutive_failures = 0;
  double backoff = 0; // the wait before the next attempt after a failure, 0 otherwise
};

std::string metrics_text(const Status& status);

} // namespace cairn::gitops
