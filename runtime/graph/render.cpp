// `cairn graph` output: Graphviz DOT and JSON; see graph.h.
#include <algorithm>

#include <fmt/core.h>

#include "runtime/graph/graph.h"
#include "runtime/resource/json.h"

namespace cairn::graph {

namespace {
std::string dot_quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}
} // namespace

std::string render_dot(const Spec& spec, const Graph& graph) {
  std::string out = "digraph cairn {\n  rankdir = \"RL\";\n  node [shape = \"box\"];\n";
  for (const DesiredResource& r : spec.resources) {
    out += fmt::format("  {} [label = {}];\n", dot_quote(r.address),
                       dot_quote(r.address + "\n" + r.type));
  }
  for (size_t i = 0; i < graph.deps.size(); ++i) {
    const DesiredResource& r = spec.resources[i];
    for (uint32_t j : graph.deps[i]) {
      const std::string& to = spec.resources[j].address;
      bool read = std::binary_search(r.reads.begin(), r.reads.end(), to);
      out += fmt::format("  {} -> {}{};\n", dot_quote(r.address), dot_quote(to),
                         read ? "" : " [style = \"dashed\"]");
    }
  }
  return out + "}\n";
}

std::string render_graph_json(const Spec& spec, const Graph& graph) {
  resource::Json nodes = resource::Json::array();
  for (size_t i = 0; i < spec.resources.size(); ++i) {
    const DesiredResource& r = spec.resources[i];
    resource::Json deps = resource::Json::array();
    for (uint32_t j : graph.deps[i]) deps.push_back(spec.resources[j].address);
    nodes.push_back({{"address", r.address},
                     {"type", r.type},
                     {"depends_on", deps},
                     {"reads", r.reads},
                     {"explicit_depends_on", r.depends_on}});
  }
  resource::Json order = resource::Json::array();
  for (uint32_t i : graph.order) order.push_back(spec.resources[i].address);
  resource::Json doc = {{"resources", nodes}, {"order", order}, {"depth", graph.depth}};
  return doc.dump(2) + "\n";
}

} // namespace cairn::graph
