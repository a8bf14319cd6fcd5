// `cairn graph SPEC [--format dot|json] [--state S] [--stack N]`: print the resource graph.
// Edges point from a resource to what it depends on; dashed edges come from `depends_on`
// alone. The spec is evaluated with the outputs recorded in state.
#include <cstdio>

#include "cli/deploy_common.h"
#include "runtime/graph/graph.h"

namespace cairn::cli {

void register_graph(CLI::App& app, Driver& driver) {
  struct Options {
    std::vector<std::string> spec;
    StateOptions state;
    std::string format = "dot";
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("graph", "Print the resource graph");
  add_spec_files(cmd, opts->spec);
  add_state_options(cmd, opts->state);
  cmd->add_option("--format", opts->format, "dot (Graphviz) or json")
      ->check(CLI::IsMember({"dot", "json"}))
      ->default_str("dot");
  cmd->callback([&driver, opts] {
    driver.exit_code = kError;
    std::unique_ptr<state::Store> store;
    state::Snapshot snapshot;
    if (!read_state(driver, opts->state, &store, &snapshot)) return;
    auto spec = load_spec_with_overrides(driver, opts->spec);
    if (!spec) return;
    graph::OutputsMap known;
    for (const auto& [address, r] : snapshot.resources) known[address] = r.outputs;
    auto evaluated = spec->evaluate(known, driver.diags);
    if (!evaluated) return;
    auto g = graph::build_graph(*evaluated, driver.diags);
    if (!g) return;
    std::string out = opts->format == "json" ? graph::render_graph_json(*evaluated, *g)
                                             : graph::render_dot(*evaluated, *g);
    std::fwrite(out.data(), 1, out.size(), stdout);
    driver.exit_code = kOk;
  });
}

} // namespace cairn::cli
