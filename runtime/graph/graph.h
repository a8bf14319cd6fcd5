// The resource graph: one node per resource of a spec, an edge from a resource to each
// resource it depends on (it reads that resource's outputs, or lists it in `depends_on`).
//
// Node i is `spec.resources[i]`, so node ids follow address order. `order` lists every node
// with its dependencies before it (ties broken by address, so the order is deterministic).
// A cycle is an error naming every resource on it; an unknown address in `depends_on` is an
// error pointing at the list.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/graph/spec.h"

namespace cairn::graph {

struct Graph {
  std::vector<std::vector<uint32_t>> deps;       // dependencies of each node, sorted
  std::vector<std::vector<uint32_t>> dependents; // reverse edges, sorted
  std::vector<uint32_t> order;                   // dependencies first
  // Length of the longest dependency chain (1 for resources without dependencies).
  uint32_t depth = 0;
};

std::optional<Graph> build_graph(const Spec& spec, diag::Diagnostics& diags);

// Graphviz DOT and JSON renderings (`cairn graph`): edges point from a resource to what it
// depends on.
std::string render_dot(const Spec& spec, const Graph& graph);
std::string render_graph_json(const Spec& spec, const Graph& graph);

} // namespace cairn::graph
