// The Prometheus text format of a reconciler's Status; see status.h.
#include "runtime/gitops/status.h"

#include <fmt/core.h>

namespace cairn::gitops {

namespace {

// A label value: backslash, double quote and newline escaped, as the text format says.
std::string label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

void series(std::string& out, const char* name, const char* type, const char* help,
            const std::string& value) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n{} {}\n", name, help, name, type, name, value);
}

} // namespace

const char* result_spelling(ResultKind kind) {
  switch (kind) {
// clang-format off
#define CAIRN_RECONCILE_RESULT(e, s, ok) case ResultKind::e: return s;
#include "runtime/gitops/result_kind.def"
    // clang-format on
  }
  return "?";
}

bool result_ok(ResultKind kind) {
  switch (kind) {
// clang-format off
#define CAIRN_RECONCILE_RESULT(e, s, ok) case ResultKind::e: return ok;
#include "runtime/gitops/result_kind.def"
    // clang-format on
  }
  return false;
}

std::string metrics_text(const Status& s) {
  std::string out;
  out += "# HELP cairn_reconcile_info The spec repository, ref and stack, and the spec commit last "
         "applied.\n"
         "# TYPE cairn_reconcile_info gauge\n";
  out += fmt::format(
      "cairn_reconcile_info{{source=\"{}\",ref=\"{}\",stack=\"{}\",spec_commit=\"{}\"}} 1\n",
      label(s.source), label(s.ref), label(s.stack), label(s.applied_spec_commit));
  out += "# HELP cairn_reconcile_last_result 1 for the result of the last pass.\n"
         "# TYPE cairn_reconcile_last_result gauge\n";
  const ResultKind kinds[] = {
#define CAIRN_RECONCILE_RESULT(e, s, ok) ResultKind::e,
#include "runtime/gitops/result_kind.def"
  };
  for (ResultKind k : kinds)
    out += fmt::format("cairn_reconcile_last_result{{result=\"{}\"}} {}\n", result_spelling(k),
                       k == s.last_result ? 1 : 0);
  series(out, "cairn_reconcile_last_duration_seconds", "gauge", "How long the last pass took.",
         fmt::format("{:.6f}", s.last_duration));
  series(out, "cairn_reconcile_last_run_timestamp_seconds", "gauge",
         "When the last pass ended (Unix time).", std::to_string(s.last_run_time));
  series(out, "cairn_reconcile_drift", "gauge",
         "Changes the last pass planned while the spec commit was the applied one.",
         std::to_string(s.drift));
  series(out, "cairn_reconcile_runs_total", "counter", "Passes run.", std::to_string(s.runs));
  series(out, "cairn_reconcile_applies_total", "counter", "Passes that applied a plan.",
         std::to_string(s.applies));
  series(out, "cairn_reconcile_failures_total", "counter", "Passes that failed.",
         std::to_string(s.failures));
  series(out, "cairn_reconcile_conflicts_total", "counter",
         "Applies that lost the race for the state to another writer and planned again.",
         std::to_string(s.conflicts));
  series(out, "cairn_reconcile_consecutive_failures", "gauge", "Failed passes in a row.",
         std::to_string(s.consecutive_failures));
  series(out, "cairn_reconcile_backoff_seconds", "gauge",
         "The wait before the next attempt after a failure.", fmt::format("{:.3f}", s.backoff));
  return out;
}

} // namespace cairn::gitops
