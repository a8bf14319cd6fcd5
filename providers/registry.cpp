// The provider registry; see registry.h.
#include "providers/registry.h"

#include <fmt/core.h>

#include "providers/protocol/external.h"

namespace cairn::providers {

#define CAIRN_BUILTIN_PROVIDER(name) std::unique_ptr<Provider> make_##name##_provider();
#include "builtin_providers.inc"
#undef CAIRN_BUILTIN_PROVIDER

namespace {
std::unique_ptr<Provider> make_builtin(std::string_view kind) {
#define CAIRN_BUILTIN_PROVIDER(name) \
  if (kind == #name) return make_##name##_provider();
#include "builtin_providers.inc"
#undef CAIRN_BUILTIN_PROVIDER
  return nullptr;
}
} // namespace

std::vector<std::string> Registry::builtin_kinds() {
  return {
#define CAIRN_BUILTIN_PROVIDER(name) #name,
#include "builtin_providers.inc"
#undef CAIRN_BUILTIN_PROVIDER
  };
}

std::string Registry::default_provider_name(std::string_view type) {
  size_t dot = type.find('.');
  return std::string(dot == std::string_view::npos ? type : type.substr(0, dot));
}

std::unique_ptr<Provider> Registry::make(const std::string& kind, const Value* source,
                                         std::vector<Problem>& problems) {
  if (!source)
    if (auto p = make_builtin(kind)) return p;
  return make_external_provider(kind, source, problems);
}

void Registry::configure(const std::string& name, const Value& settings,
                         std::vector<Problem>& problems) {
  std::string kind = name;
  Value rest = settings.is_object() ? settings : Value::object();
  if (const Value* k = rest.get("kind")) {
    if (!k->is_string()) {
      problems.push_back({"kind", "`kind` must be a String naming a provider"});
      return;
    }
    kind = k->as_string();
    rest.erase("kind");
  }
  std::optional<Value> source;
  if (const Value* s = rest.get("source")) {
    if (!s->is_string() || s->as_string().empty()) {
      problems.push_back({"source", "`source` must be a String: the path of a provider executable"});
      return;
    }
    source = *s;
    rest.erase("source");
  }
  size_t before = problems.size();
  auto p = make(kind, source ? &*source : nullptr, problems);
  if (!p) {
    if (problems.size() > before) return;
    std::string known;
    for (const std::string& k : builtin_kinds()) known += (known.empty() ? "" : ", ") + k;
    problems.push_back({"", fmt::format("there is no provider of kind `{}` (built in: {}; external "
                                        "providers are found on CAIRN_PROVIDER_PATH)",
                                        kind, known)});
    return;
  }
  p->configure(rest, problems);
  instances_[name] = std::move(p);
}

Provider* Registry::get(const std::string& name) {
  auto it = instances_.find(name);
  if (it != instances_.end()) return it->second.get();
  std::vector<Problem> problems;
  auto p = make(name, nullptr, problems);
  if (!p) return nullptr;
  p->configure(Value::object(), problems);
  Provider* raw = p.get();
  instances_[name] = std::move(p);
  return raw;
}

} // namespace cairn::providers
