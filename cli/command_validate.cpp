// `cairn validate SPEC... [-- path=value...]`: check a spec offline, without state: it
// parses, type-checks, evaluates (every output unknown, as the edge pass does), its inputs
// satisfy their providers' contracts and schemas, and its graph has no cycle and no
// `depends_on` naming nothing. Exit 0 when valid, 1 on any error.
#include <cstdio>

#include <fmt/core.h>

#include "cli/deploy_common.h"
#include "runtime/graph/graph.h"
#include "runtime/plan/validate.h"

namespace cairn::cli {

void register_validate(CLI::App& app, Driver& driver) {
  auto files = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = app.add_subcommand("validate", "Check a spec offline: types, contracts, resources and graph");
  add_spec_files(cmd, *files);
  cmd->callback([&driver, files] {
    driver.exit_code = kError;
    auto spec = load_spec_with_overrides(driver, *files);
    if (!spec) return;
    std::optional<graph::Spec> evaluated = spec->evaluate({}, driver.diags);
    if (!evaluated) return;
    providers::Registry registry;
    bool ok = plan::configure_providers(*evaluated, registry, driver.diags);
    ok = plan::validate_spec(*evaluated, registry, driver.diags) && ok;
    std::optional<graph::Graph> g = graph::build_graph(*evaluated, driver.diags);
    if (!ok || !g || driver.diags.has_errors()) return;
    size_t edges = 0;
    for (const auto& d : g->deps) edges += d.size();
    std::printf("The spec is valid: %zu resource%s, %zu edge%s.\n", evaluated->resources.size(),
                evaluated->resources.size() == 1 ? "" : "s", edges, edges == 1 ? "" : "s");
    driver.exit_code = kOk;
  });
}

} // namespace cairn::cli
