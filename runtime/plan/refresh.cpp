// Refresh; see refresh.h. Reads run on a few threads: refresh is dominated by waiting on the
// real objects (files today, network APIs later).
#include "runtime/plan/refresh.h"

#include <atomic>
#include <mutex>
#include <thread>

#include <fmt/core.h>

namespace cairn::plan {

bool refresh(const std::map<std::string, resource::ResourceRecord>& recorded,
             providers::Registry& registry, Refreshed* out, diag::Diagnostics& diags) {
  std::vector<const resource::ResourceRecord*> records;
  std::vector<providers::Provider*> provs;
  bool ok = true;
  for (const auto& [address, r] : recorded) {
    providers::Provider* p = registry.get(r.provider);
    if (!p) {
      diags.error(diag::DiagKind::UnknownResourceType, {},
                  fmt::format("`{}` in state uses provider `{}`, which does not exist", address,
                              r.provider));
      ok = false;
      continue;
    }
    records.push_back(&r);
    provs.push_back(p);
  }
  if (!ok) return false;
  std::vector<providers::ReadResult> results(records.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < records.size(); i = next++) {
      const resource::ResourceRecord& r = *records[i];
      providers::ObjectState prior{r.id, r.inputs, r.outputs};
      results[i] = provs[i]->read({r.address, r.type}, prior);
    }
  };
  size_t threads = std::min<size_t>(8, (records.size() + 63) / 64);
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();

  out->records.clear();
  out->drift.clear();
  for (size_t i = 0; i < records.size(); ++i) {
    const resource::ResourceRecord& r = *records[i];
    providers::ReadResult& res = results[i];
    switch (res.status) {
    case providers::ReadResult::Status::Error:
      diags.error(diag::DiagKind::RefreshFailed, {},
                  fmt::format("cannot refresh `{}`: {}", r.address, res.message()))
          .help("fix the problem, or plan with `--refresh=false` to use the state as recorded");
      ok = false;
      break;
    case providers::ReadResult::Status::Gone: out->drift[r.address] = "deleted outside cairn"; break;
    case providers::ReadResult::Status::Exists: {
      resource::ResourceRecord fresh = r;
      fresh.id = res.state.id;
      fresh.inputs = std::move(res.state.inputs);
      fresh.outputs = std::move(res.state.outputs);
      std::string changed;
      for (const resource::Member& m : fresh.inputs.as_object()) {
        const resource::Value* before = r.inputs.get(m.first);
        // A value sealed in state and not opened (unknown) cannot be compared.
        if (!before || (*before != m.second && !before->has_unknown())) changed += (changed.empty() ? "" : ", ") + m.first;
      }
      if (!changed.empty()) out->drift[r.address] = "changed outside cairn: " + changed;
      out->records.emplace(r.address, std::move(fresh));
      break;
    }
    }
  }
  return ok;
}

} // namespace cairn::plan
