// Checking a spec against the providers; see validate.h.
#include "runtime/plan/validate.h"

#include <fmt/core.h>

#include "compiler/resolve/resolve.h"

namespace cairn::plan {

std::string provider_name(const graph::DesiredResource& d) {
  return d.provider.empty() ? providers::Registry::default_provider_name(d.type) : d.provider;
}

bool configure_providers(const graph::Spec& spec, providers::Registry& registry,
                         diag::Diagnostics& diags) {
  bool ok = true;
  for (const auto& [name, settings] : spec.providers) {
    std::vector<providers::Problem> problems;
    registry.configure(name, settings, problems);
    auto loc = spec.provider_locs.find(name);
    for (const providers::Problem& p : problems) {
      diags.error(diag::DiagKind::InvalidProviderSettings,
                  loc != spec.provider_locs.end() ? loc->second : base::Loc{},
                  fmt::format("`providers.{}`: {}", name, p.message));
      ok = false;
    }
  }
  return ok;
}

bool validate_spec(graph::Spec& spec, providers::Registry& registry, diag::Diagnostics& diags) {
  bool ok = true;
  for (graph::DesiredResource& d : spec.resources) {
    std::string name = provider_name(d);
    providers::Provider* p = registry.get(name);
    auto type_loc = [&] { return d.field_loc("type"); };
    if (!p) {
      std::string known;
      for (const std::string& k : providers::Registry::builtin_kinds())
        known += (known.empty() ? "`" : ", `") + k + "`";
      diags.error(diag::DiagKind::UnknownResourceType, d.provider.empty() ? type_loc() : d.loc,
                  fmt::format("`{}` uses provider `{}`, which does not exist", d.address, name))
          .help(fmt::format("the built-in providers are {}", known));
      ok = false;
      continue;
    }
    if (!p->schema().find(d.type)) {
      std::string known;
      for (const providers::ResourceSchema& r : p->schema().resources)
        known += (known.empty() ? "`" : ", `") + r.type + "`";
      diags.error(diag::DiagKind::UnknownResourceType, type_loc(),
                  fmt::format("`{}` has type `{}`, which provider `{}` does not manage", d.address,
                              d.type, name))
          .help(fmt::format("provider `{}` manages {}", name, known));
      ok = false;
      continue;
    }
    const providers::ResourceSchema* schema = p->schema().find(d.type);
    for (const std::string& name : d.lifecycle.ignore_changes) {
      if (schema->input(name)) continue;
      std::vector<std::string_view> inputs;
      for (const providers::Attribute& a : schema->inputs) inputs.push_back(a.name);
      auto b = diags.error(diag::DiagKind::InvalidMetaField, d.field_loc("lifecycle"),
                           fmt::format("`lifecycle.ignore_changes` of `{}` names `{}`, which is not an input of `{}`",
                                       d.address, name, d.type));
      if (std::optional<std::string_view> best = resolve::closest_name(name, inputs))
        b.help(fmt::format("did you mean `{}`?", *best));
      else {
        std::string all;
        for (std::string_view i : inputs) all += (all.empty() ? "`" : ", `") + std::string(i) + "`";
        b.note(fmt::format("the inputs of `{}` are {}", d.type, all));
      }
      ok = false;
    }
    std::vector<providers::Problem> problems;
    p->validate(d.type, d.inputs, problems);
    for (const providers::Problem& pr : problems) {
      diags.error(diag::DiagKind::InvalidInput, d.field_loc(pr.attribute), fmt::format("{} (in `{}`)", pr.message, d.address));
      ok = false;
    }
  }
  return ok;
}

} // namespace cairn::plan
