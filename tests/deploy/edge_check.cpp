// The edge property check; see edge_check.h.
#include "tests/deploy/edge_check.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/core.h>

#include "runtime/graph/conf_spec.h"
#include "tests/deploy/spec_gen.h"

namespace cairn::testgen {

namespace {

std::string join(const std::set<std::string>& s) {
  std::string out;
  for (const std::string& x : s) out += (out.empty() ? "" : ", ") + x;
  return "{" + out + "}";
}

} // namespace

EdgeCheck check_edges(const std::string& spec_text, std::mt19937& rng, uint32_t trials) {
  EdgeCheck out;
  base::SourceMap sources;
  base::Names names;
  base::FileId file = sources.add("generated.conf", spec_text);
  graph::ConfSpecEvaluator ev(sources, names, file);
  diag::CollectingConsumer collected;
  diag::Diagnostics diags(&collected);
  std::optional<graph::Spec> spec = ev.evaluate({}, diags);
  if (!spec) {
    out.failure = collected.diagnostics.empty() ? "the edge pass failed" : collected.diagnostics[0].message;
    return out;
  }
  out.evaluated = true;
  // Edges by address; a random order consistent with them for each trial.
  std::map<std::string, std::set<std::string>> edges;
  for (const graph::DesiredResource& r : spec->resources) {
    edges[r.address].insert(r.reads.begin(), r.reads.end());
    edges[r.address].insert(r.depends_on.begin(), r.depends_on.end());
  }
  std::set<std::string> outputs_edges(spec->outputs_reads.begin(), spec->outputs_reads.end());
  for (uint32_t t = 0; t < trials; ++t) {
    std::vector<std::string> order;
    std::set<std::string> placed;
    while (order.size() < edges.size()) {
      std::vector<std::string> ready;
      for (const auto& [a, deps] : edges)
        if (!placed.count(a) && std::all_of(deps.begin(), deps.end(), [&](const std::string& d) {
              return placed.count(d) || !edges.count(d);
            }))
          ready.push_back(a);
      if (ready.empty()) {
        out.failure = "the edges have a cycle";
        return out;
      }
      const std::string& next = ready[rng() % ready.size()];
      placed.insert(next);
      order.push_back(next);
    }
    size_t cut = t + 1 == trials ? order.size() : rng() % (order.size() + 1);
    std::set<std::string> done(order.begin(), order.begin() + static_cast<long>(cut));
    graph::OutputsMap known;
    for (const std::string& a : done)
      known[a] = resource::Value::object(
          {{"id", resource::Value::string(kOutputValues[rng() % kOutputValues.size()])}});
    diag::CollectingConsumer quiet_consumer;
    diag::Diagnostics quiet(&quiet_consumer);
    std::optional<graph::Spec> values = ev.evaluate_values(known, quiet);
    if (!values) continue; // these output values make the spec fail: nothing to apply
    ++out.trials;
    for (const graph::DesiredResource& r : values->resources) {
      const std::set<std::string>& deps = edges[r.address];
      if (!std::includes(done.begin(), done.end(), deps.begin(), deps.end())) continue;
      ++out.checked;
      if (!r.inputs.has_unknown()) continue;
      std::set<std::string> still;
      r.inputs.collect_unknown_deps(still);
      out.failure = fmt::format("`{}` has edges {} and all of them are done ({}), but its inputs still read {}",
                                r.address, join(deps), join(done), join(still));
      return out;
    }
    if (done.size() == order.size() && values->outputs.has_unknown()) {
      std::set<std::string> still;
      values->outputs.collect_unknown_deps(still);
      out.failure = fmt::format("the outputs have edges {} and everything is done, but they still read {}",
                                join(outputs_edges), join(still));
      return out;
    }
  }
  return out;
}

} // namespace cairn::testgen
