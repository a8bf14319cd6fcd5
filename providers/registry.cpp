// The provider registry; see registry.h.
#include "providers/registry.h"

#include <fmt/core.h>

#include "providers/local/local.h"
#include "providers/null/null.h"

namespace cairn::providers {

namespace {
std::unique_ptr<Provider> make(std::string_view kind) {
  if (kind == "local") return make_local_provider();
  if (kind == "null") return make_null_provider();
  return nullptr;
}
} // namespace

std::vector<std::string> Registry::builtin_kinds() { return {"local", "null"}; }

std::string Registry::default_provider_name(std::string_view type) {
  size_t dot = type.find('.');
  return std::string(dot == std::string_view::npos ? type : type.substr(0, dot));
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
  auto p = make(kind);
  if (!p) {
    std::string known;
    for (const std::string& k : builtin_kinds()) known += (known.empty() ? "" : ", ") + k;
    problems.push_back({"", fmt::format("there is no provider of kind `{}` (built in: {})", kind, known)});
    return;
  }
  p->configure(rest, problems);
  instances_[name] = std::move(p);
}

Provider* Registry::get(const std::string& name) {
  auto it = instances_.find(name);
  if (it != instances_.end()) return it->second.get();
  auto p = make(name);
  if (!p) return nullptr;
  Provider* raw = p.get();
  instances_[name] = std::move(p);
  return raw;
}

} // namespace cairn::providers
