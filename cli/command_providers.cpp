// `cairn providers list` and `cairn providers schema NAME [--contract]`: which providers
// exist (built in, and external ones on CAIRN_PROVIDER_PATH) and what each manages, as the
// engine derives it from the provider's contract (docs/providers/schema.md).
#include <cstdio>

#include <fmt/core.h>

#include "cli/driver.h"
#include "compiler/resolve/program.h"
#include "providers/protocol/external.h"
#include "providers/registry.h"
#include "providers/schema/derive.h"
#include "runtime/resource/json.h"

namespace cairn::cli {

namespace {

std::string type_list(const providers::ProviderSchema& s) {
  std::string out;
  for (const providers::ResourceSchema& r : s.resources) out += (out.empty() ? "" : ", ") + r.type;
  return out;
}

std::string attribute_line(const providers::Attribute& a, bool input) {
  std::string flags;
  auto add = [&](const std::string& f) { flags += (flags.empty() ? "" : ", ") + f; };
  if (input && a.required) add("required");
  if (a.default_value) add("default " + resource::to_json(*a.default_value).dump());
  if (a.force_new) add("forces replacement");
  if (a.sensitive) add("sensitive");
  std::string head = fmt::format("    {} : {}{}", a.name, providers::attr_type_name(a.type),
                                 flags.empty() ? "" : " (" + flags + ")");
  return a.doc.empty() ? head + "\n" : fmt::format("{}\n        {}\n", head, a.doc);
}

} // namespace

void register_providers(CLI::App& app, Driver& driver) {
  CLI::App* cmd = app.add_subcommand("providers", "List providers and show their schemas");
  cmd->require_subcommand(1);
  CLI::App* list = cmd->add_subcommand("list", "List the built-in providers and those on CAIRN_PROVIDER_PATH");
  list->callback([&driver] {
    providers::Registry registry;
    for (const std::string& kind : providers::Registry::builtin_kinds())
      std::printf("%-10s built in     %s\n", kind.c_str(), type_list(providers::builtin_schema(kind)).c_str());
    driver.exit_code = kOk;
    for (const auto& [kind, path] : providers::list_external_providers()) {
      std::vector<providers::Problem> problems;
      auto p = providers::make_external_provider(kind, nullptr, problems);
      if (!p) {
        std::printf("%-10s %s  (broken: %s)\n", kind.c_str(), path.c_str(),
                    providers::problems_text(problems).c_str());
        driver.exit_code = kError;
        continue;
      }
      auto info = providers::external_info(*p);
      std::printf("%-10s %s %s  %s\n", kind.c_str(), path.c_str(), info ? info->version.c_str() : "",
                  type_list(p->schema()).c_str());
    }
  });
  auto name = std::make_shared<std::string>();
  auto contract = std::make_shared<bool>(false);
  CLI::App* schema = cmd->add_subcommand("schema", "Show what a provider manages: types, inputs, outputs, settings");
  schema->add_option("NAME", *name, "the provider")->required();
  schema->add_flag("--contract", *contract, "print the provider's contract file instead");
  schema->callback([&driver, name, contract] {
    driver.exit_code = kError;
    std::unique_ptr<providers::Provider> external;
    const providers::ProviderSchema* s = nullptr;
    bool builtin = false;
    for (const std::string& k : providers::Registry::builtin_kinds()) builtin = builtin || k == *name;
    if (builtin) {
      s = &providers::builtin_schema(*name);
    } else {
      std::vector<providers::Problem> problems;
      external = providers::make_external_provider(*name, nullptr, problems);
      if (!external) {
        driver.error(diag::DiagKind::UnknownResourceType,
                     problems.empty() ? fmt::format("there is no provider `{}` (built in or on CAIRN_PROVIDER_PATH)", *name)
                                      : providers::problems_text(problems));
        return;
      }
      s = &external->schema();
    }
    if (*contract) {
      providers::register_builtin_contracts();
      std::optional<resolve::EmbeddedFile> f = resolve::find_embedded(s->contract_path);
      if (f) std::fwrite(f->text.data(), 1, f->text.size(), stdout);
      driver.exit_code = f ? kOk : kError;
      return;
    }
    std::string out = fmt::format("provider {} (contract: import \"{}\")\n", s->name, s->contract_path);
    if (!s->settings.empty()) {
      out += "  settings (providers." + s->name + ")\n";
      for (const providers::Attribute& a : s->settings) out += attribute_line(a, true);
    }
    for (const providers::ResourceSchema& r : s->resources) {
      out += fmt::format("\n{}\n  inputs\n", r.type);
      for (const providers::Attribute& a : r.inputs) out += attribute_line(a, true);
      if (!r.outputs.empty()) out += "  outputs\n";
      for (const providers::Attribute& a : r.outputs) out += attribute_line(a, false);
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    driver.exit_code = kOk;
  });
}

} // namespace cairn::cli
