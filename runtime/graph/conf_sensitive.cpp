// Sensitive values in specs in the language; see conf_sensitive.h.
#include "runtime/graph/conf_sensitive.h"

#include <algorithm>
#include <mutex>

#include "providers/registry.h"
#include "providers/schema/derive.h"
#include "runtime/graph/conf_convert.h"

namespace cairn::graph {

namespace {

// The schema of `type` when a built-in provider manages it.
const providers::ResourceSchema* builtin_resource(const std::string& type) {
  std::string kind = providers::Registry::default_provider_name(type);
  std::vector<std::string> kinds = providers::Registry::builtin_kinds();
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) return nullptr;
  return providers::builtin_schema(kind).find(type);
}

} // namespace

eval::Value edge_outputs(eval::Evaluator& ev, const std::string& type, uint32_t id) {
  const providers::ResourceSchema* rs = type.empty() ? nullptr : builtin_resource(type);
  bool any = false;
  if (rs)
    for (const providers::Attribute& a : rs->outputs) any = any || a.sensitive;
  if (!any) return ev.unknown({id});
  std::vector<std::pair<std::string, eval::Value>> fields;
  for (const providers::Attribute& a : rs->outputs)
    fields.emplace_back(a.name, a.sensitive ? ev.unknown({id, kSensitiveDep}) : ev.unknown({id}));
  return ev.tracked_record(kNotAResource, fields);
}

std::vector<std::string> sensitive_inputs(const std::string& type, const resource::Value& inputs) {
  std::string kind = providers::Registry::default_provider_name(type);
  std::vector<std::string> kinds = providers::Registry::builtin_kinds();
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) return {};
  static providers::Registry registry; // built-in providers without settings: schema answers only
  static std::mutex lock;
  std::lock_guard<std::mutex> guard(lock);
  providers::Provider* p = registry.get(kind);
  return p ? p->sensitive_attributes(type, inputs) : std::vector<std::string>{};
}

bool marked_sensitive(eval::Evaluator& ev, eval::Value record, const std::string& name) {
  std::optional<eval::Evaluator::FieldInfo> info = ev.field_info(record, name);
  if (!info) return false;
  for (const std::string& c : info->contracts) {
    std::string_view last = c;
    if (size_t dot = last.rfind('.'); dot != std::string_view::npos) last = last.substr(dot + 1);
    if (last == "Sensitive" || last == "sensitive") return true;
  }
  return false;
}

} // namespace cairn::graph
