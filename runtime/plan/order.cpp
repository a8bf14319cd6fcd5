// Ordering a plan's actions; see order.h.
#include "runtime/plan/order.h"

#include <algorithm>
#include <queue>

namespace cairn::plan {

namespace {
uint32_t index_of(const Plan& plan, const std::string& address) {
  auto it = std::lower_bound(plan.changes.begin(), plan.changes.end(), address,
                             [](const ResourceChange& c, const std::string& a) { return c.address < a; });
  return it != plan.changes.end() && it->address == address
             ? static_cast<uint32_t>(it - plan.changes.begin())
             : UINT32_MAX;
}

// Waves by Kahn's algorithm, deletes first; false when the DAG has a cycle.
bool compute_waves(Plan& plan) {
  uint32_t n = static_cast<uint32_t>(plan.changes.size());
  std::vector<std::vector<uint32_t>> dependents(n);
  std::vector<uint32_t> missing(n);
  for (uint32_t i = 0; i < n; ++i) {
    missing[i] = static_cast<uint32_t>(plan.waits_for[i].size());
    for (uint32_t j : plan.waits_for[i]) dependents[j].push_back(i);
  }
  std::queue<uint32_t> ready;
  for (uint32_t i = 0; i < n; ++i)
    if (missing[i] == 0) ready.push(i);
  std::vector<uint32_t> order;
  order.reserve(n);
  while (!ready.empty()) {
    uint32_t v = ready.front();
    ready.pop();
    order.push_back(v);
    for (uint32_t w : dependents[v])
      if (--missing[w] == 0) ready.push(w);
  }
  if (order.size() != n) return false;
  std::vector<uint32_t> level(n, 0);
  uint32_t delete_waves = 0;
  for (uint32_t v : order) {
    if (plan.changes[v].action != ActionKind::Delete) continue;
    uint32_t base = 0;
    for (uint32_t j : plan.waits_for[v]) base = std::max(base, level[j]);
    level[v] = base + 1;
    delete_waves = std::max(delete_waves, level[v]);
  }
  for (uint32_t v : order) {
    ActionKind k = plan.changes[v].action;
    if (k == ActionKind::Delete) continue;
    uint32_t base = k == ActionKind::NoOp ? 0 : delete_waves;
    for (uint32_t j : plan.waits_for[v]) base = std::max(base, level[j]);
    level[v] = k == ActionKind::NoOp ? base : base + 1;
  }
  for (uint32_t i = 0; i < n; ++i)
    plan.wave[i] = plan.changes[i].action == ActionKind::NoOp ? 0 : level[i];
  return true;
}

} // namespace

void order_actions(Plan& plan, const graph::Spec* spec, const graph::Graph* graph) {
  uint32_t n = static_cast<uint32_t>(plan.changes.size());
  plan.waits_for.assign(n, {});
  plan.wave.assign(n, 0);
  std::vector<std::vector<uint32_t>> delete_edges(n);
  for (uint32_t i = 0; i < n; ++i) {
    const ResourceChange& c = plan.changes[i];
    if (c.action == ActionKind::Delete) {
      if (!c.prior) continue;
      for (const std::string& dep : c.prior->dependencies) {
        uint32_t j = index_of(plan, dep);
        if (j != UINT32_MAX && plan.changes[j].action == ActionKind::Delete && j != i)
          delete_edges[j].push_back(i);
      }
      continue;
    }
    if (!spec || !graph) continue;
    const graph::DesiredResource* d = graph::find_resource(*spec, c.address);
    if (!d) continue;
    uint32_t node = static_cast<uint32_t>(d - spec->resources.data());
    for (uint32_t dep : graph->deps[node]) {
      uint32_t j = index_of(plan, spec->resources[dep].address);
      if (j != UINT32_MAX) plan.waits_for[i].push_back(j);
    }
  }
  std::vector<std::vector<uint32_t>> spec_edges = plan.waits_for;
  auto merge = [&](bool with_deletes) {
    for (uint32_t i = 0; i < n; ++i) {
      auto& w = plan.waits_for[i];
      w = spec_edges[i];
      if (with_deletes) w.insert(w.end(), delete_edges[i].begin(), delete_edges[i].end());
      std::sort(w.begin(), w.end());
      w.erase(std::unique(w.begin(), w.end()), w.end());
    }
  };
  merge(true);
  // A cycle among recorded dependencies (hand-edited state): drop the delete ordering; the
  // spec's edges alone are acyclic.
  if (!compute_waves(plan)) {
    merge(false);
    compute_waves(plan);
  }
}

} // namespace cairn::plan
