// Fuzzes what cairn reads back from disk: plan files (runtime/plan/plan_file.h) and state
// records (runtime/resource/record.h, the journal's lines). Whatever the bytes, reading gives
// a plan or located diagnostics, a record or a reason: never a crash, an exception or a hang.
//
// The first byte picks the mode. Bit 0: a state record instead of a plan. Bit 1: seal the
// plan first (recompute the checksum at its place), so mutations of the structure reach the
// reader past the checksum check instead of stopping there.
#include <cstdlib>
#include <string>

#include "runtime/plan/plan_file.h"
#include "runtime/resource/json.h"
#include "runtime/resource/record.h"
#include "runtime/state/secrets.h"

using namespace cairn;

namespace {

void check_record(std::string_view text) {
  std::string why;
  auto j = resource::parse_json_text(text, &why);
  if (!j) return;
  auto r = resource::record_from_json(*j, &why);
  if (!r) {
    if (why.empty()) std::abort();
    return;
  }
  // A record read back writes the same record.
  auto again = resource::record_from_json(resource::record_to_json(*r), &why);
  if (!again || again->address != r->address || !(again->inputs == r->inputs) || !(again->sealed == r->sealed))
    std::abort();
  // Sealed values that no identity opens read as unknowns, and write back as they were.
  state::unseal_record(*r, {});
  if (r->sealed) {
    resource::ResourceRecord back = *r;
    if (state::seal_record(back, {}, &why) && !(back.sealed == r->sealed)) std::abort();
  }
}

void check_plan(std::string text, bool seal) {
  if (seal) {
    // The placeholder at the last checksum, then the real sum.
    size_t at = text.rfind("\"checksum\": \"sha256:");
    size_t hex = at == std::string::npos ? at : at + 20;
    if (hex != std::string::npos && hex + 64 <= text.size()) {
      text.replace(hex - 7, 71, plan::kChecksumPlaceholder);
      plan::seal_plan_text(text);
    }
  }
  plan::classify_apply_input("fuzz.plan", text);
  plan::json_top_keys(text);
  plan::json_locate(text, {"cairn", "resources", "0", "waits_for"});
  base::SourceMap sources;
  base::FileId file = sources.add("fuzz.plan", std::move(text));
  diag::CollectingConsumer sink;
  diag::Diagnostics diags(&sink);
  auto plan = plan::read_plan_file(sources, file, diags);
  if (!plan && sink.diagnostics.empty()) std::abort();
  if (plan && plan->waits_for.size() != plan->changes.size()) std::abort();
  // Every diagnostic points into the file.
  for (const diag::Diagnostic& d : sink.diagnostics)
    if (d.loc.span.end > sources.get(file).size()) std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] & 1) check_record(text);
  else check_plan(std::move(text), (data[0] & 2) != 0);
  return 0;
}
