// Building the resource graph, ordering it and finding cycles; see graph.h. Cycles are found
// with Tarjan's strongly connected components algorithm, run with an explicit stack.
#include "runtime/graph/graph.h"

#include "compiler/resolve/resolve.h"

#include <algorithm>
#include <queue>

#include <fmt/core.h>

namespace cairn::graph {

const DesiredResource* find_resource(const Spec& spec, const std::string& address) {
  auto it = std::lower_bound(
      spec.resources.begin(), spec.resources.end(), address,
      [](const DesiredResource& r, const std::string& a) { return r.address < a; });
  return it != spec.resources.end() && it->address == address ? &*it : nullptr;
}

namespace {

uint32_t index_of(const Spec& spec, const std::string& address) {
  const DesiredResource* r = find_resource(spec, address);
  return r ? static_cast<uint32_t>(r - spec.resources.data()) : UINT32_MAX;
}

// Strongly connected components of more than one node, or with a self edge.
std::vector<std::vector<uint32_t>> cyclic_components(const Graph& g) {
  uint32_t n = static_cast<uint32_t>(g.deps.size());
  std::vector<uint32_t> index(n, UINT32_MAX), low(n, 0);
  std::vector<bool> on_stack(n, false);
  std::vector<uint32_t> stack;
  std::vector<std::vector<uint32_t>> out;
  uint32_t next = 0;
  struct Frame {
    uint32_t node;
    uint32_t edge;
  };
  for (uint32_t start = 0; start < n; ++start) {
    if (index[start] != UINT32_MAX) continue;
    std::vector<Frame> work{{start, 0}};
    index[start] = low[start] = next++;
    stack.push_back(start);
    on_stack[start] = true;
    while (!work.empty()) {
      Frame& f = work.back();
      const auto& edges = g.deps[f.node];
      if (f.edge < edges.size()) {
        uint32_t w = edges[f.edge++];
        if (index[w] == UINT32_MAX) {
          index[w] = low[w] = next++;
          stack.push_back(w);
          on_stack[w] = true;
          work.push_back({w, 0});
        } else if (on_stack[w]) {
          low[f.node] = std::min(low[f.node], index[w]);
        }
        continue;
      }
      uint32_t v = f.node;
      work.pop_back();
      if (!work.empty()) low[work.back().node] = std::min(low[work.back().node], low[v]);
      if (low[v] != index[v]) continue;
      std::vector<uint32_t> comp;
      uint32_t w;
      do {
        w = stack.back();
        stack.pop_back();
        on_stack[w] = false;
        comp.push_back(w);
      } while (w != v);
      bool self = std::binary_search(g.deps[v].begin(), g.deps[v].end(), v);
      if (comp.size() > 1 || self) {
        std::sort(comp.begin(), comp.end());
        out.push_back(std::move(comp));
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// One concrete cycle through `start` inside a component (shortest, by breadth-first search).
std::vector<uint32_t> cycle_through(const Graph& g, const std::vector<uint32_t>& comp, uint32_t start) {
  std::vector<uint32_t> parent(g.deps.size(), UINT32_MAX);
  std::queue<uint32_t> q;
  q.push(start);
  while (!q.empty()) {
    uint32_t v = q.front();
    q.pop();
    for (uint32_t w : g.deps[v]) {
      if (!std::binary_search(comp.begin(), comp.end(), w)) continue;
      if (w == start) {
        std::vector<uint32_t> path{start};
        for (uint32_t x = v; x != start; x = parent[x]) path.insert(path.begin() + 1, x);
        path.push_back(start);
        return path;
      }
      if (parent[w] != UINT32_MAX) continue;
      parent[w] = v;
      q.push(w);
    }
  }
  return {start, start};
}

std::string edge_reason(const DesiredResource& from, const std::string& to) {
  bool read = std::binary_search(from.reads.begin(), from.reads.end(), to);
  bool listed = std::binary_search(from.depends_on.begin(), from.depends_on.end(), to);
  if (read && listed) return "reads the outputs of, and lists in `depends_on`,";
  if (read) return "reads the outputs of";
  return "lists in `depends_on`";
}

void report_cycle(const Spec& spec, const Graph& g, const std::vector<uint32_t>& comp,
                  diag::Diagnostics& diags) {
  const auto& rs = spec.resources;
  std::string names;
  for (size_t i = 0; i < comp.size(); ++i) {
    if (i > 0) names += i + 1 == comp.size() ? " and " : ", ";
    names += fmt::format("`{}`", rs[comp[i]].address);
  }
  std::vector<uint32_t> cycle = cycle_through(g, comp, comp[0]);
  std::string message =
      comp.size() == 1
          ? fmt::format("`{}` depends on itself", rs[comp[0]].address)
          : fmt::format("dependency cycle between {}", names);
  auto b = diags.error(diag::DiagKind::DependencyCycle, rs[comp[0]].loc, std::move(message));
  b.primary(fmt::format("`{}` is defined here", rs[comp[0]].address));
  for (size_t i = 1; i < comp.size(); ++i)
    b.label(rs[comp[i]].loc, fmt::format("`{}` is defined here", rs[comp[i]].address));
  for (size_t i = 0; i + 1 < cycle.size(); ++i) {
    const DesiredResource& from = rs[cycle[i]];
    const std::string& to = rs[cycle[i + 1]].address;
    b.note(fmt::format("`{}` {} `{}`", from.address, edge_reason(from, to), to));
  }
  b.help("break the cycle: a resource cannot use outputs of resources that depend on it");
}

} // namespace

std::optional<Graph> build_graph(const Spec& spec, diag::Diagnostics& diags) {
  uint32_t n = static_cast<uint32_t>(spec.resources.size());
  Graph g;
  g.deps.resize(n);
  g.dependents.resize(n);
  bool ok = true;
  for (uint32_t i = 0; i < n; ++i) {
    const DesiredResource& r = spec.resources[i];
    for (const std::string& a : r.depends_on) {
      uint32_t j = index_of(spec, a);
      if (j == UINT32_MAX) {
        std::vector<std::string_view> addresses;
        for (const DesiredResource& other : spec.resources) addresses.push_back(other.address);
        auto b = diags.error(diag::DiagKind::UnknownDependency, r.field_loc("depends_on"),
                             fmt::format("`{}` depends on `{}`, which is not a resource of this spec",
                                         r.address, a));
        if (std::optional<std::string_view> best = resolve::closest_name(a, addresses))
          b.help(fmt::format("did you mean `{}`?", *best));
        else
          b.help("`depends_on` lists addresses of resources, like \"web.dns\"");
        ok = false;
        continue;
      }
      g.deps[i].push_back(j);
    }
    for (const std::string& a : r.reads) {
      uint32_t j = index_of(spec, a);
      if (j != UINT32_MAX) g.deps[i].push_back(j);
    }
    std::sort(g.deps[i].begin(), g.deps[i].end());
    g.deps[i].erase(std::unique(g.deps[i].begin(), g.deps[i].end()), g.deps[i].end());
    for (uint32_t j : g.deps[i]) g.dependents[j].push_back(i);
  }
  if (!ok) return std::nullopt;
  // Kahn's algorithm, smallest address first among the ready ones.
  std::vector<uint32_t> missing(n);
  std::vector<uint32_t> level(n, 1);
  std::priority_queue<uint32_t, std::vector<uint32_t>, std::greater<>> ready;
  for (uint32_t i = 0; i < n; ++i) {
    missing[i] = static_cast<uint32_t>(g.deps[i].size());
    if (missing[i] == 0) ready.push(i);
  }
  g.order.reserve(n);
  while (!ready.empty()) {
    uint32_t v = ready.top();
    ready.pop();
    g.order.push_back(v);
    g.depth = std::max(g.depth, level[v]);
    for (uint32_t w : g.dependents[v]) {
      level[w] = std::max(level[w], level[v] + 1);
      if (--missing[w] == 0) ready.push(w);
    }
  }
  if (g.order.size() != n) {
    for (const auto& comp : cyclic_components(g)) report_cycle(spec, g, comp, diags);
    return std::nullopt;
  }
  return g;
}

} // namespace cairn::graph
