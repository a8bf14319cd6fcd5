// The stored form of the spec's outputs; see outputs.h.
#include "runtime/state/outputs.h"

#include <algorithm>

namespace cairn::state {

namespace {
constexpr int kOutputsFormat = 2;

bool is_format2(const resource::Json& j) {
  if (!j.is_object() || j.size() != 2) return false;
  auto f = j.find("format");
  auto o = j.find("outputs");
  return f != j.end() && f->is_number_integer() && f->get<int64_t>() == kOutputsFormat && o != j.end() &&
         o->is_object();
}
} // namespace

void write_outputs(resource::JsonWriter& w, const resource::Value& values, const std::vector<std::string>& sensitive) {
  w.begin_object();
  w.key("format");
  w.integer(kOutputsFormat);
  w.key("outputs");
  w.begin_object();
  if (values.is_object())
    for (const resource::Member& m : values.as_object()) {
      w.key(m.first);
      w.begin_object();
      if (std::find(sensitive.begin(), sensitive.end(), m.first) != sensitive.end()) {
        w.key("sensitive");
        w.boolean(true);
      }
      w.key("value");
      w.value(m.second);
      w.end_object();
    }
  w.end_object();
  w.end_object();
}

std::optional<StoredOutputs> outputs_from_json(const resource::Json& j, std::string* why) {
  StoredOutputs out;
  if (!j.is_object()) {
    if (why) *why = "the outputs must be a JSON object";
    return std::nullopt;
  }
  if (!is_format2(j)) {
    auto v = resource::from_json(j, why);
    if (!v) return std::nullopt;
    out.values = std::move(*v);
    return out;
  }
  for (auto it = j["outputs"].begin(); it != j["outputs"].end(); ++it) {
    const resource::Json& e = it.value();
    if (!e.is_object()) {
      if (why) *why = "output `" + it.key() + "` must be an object with a `value`";
      return std::nullopt;
    }
    auto value = e.find("value");
    auto v = value == e.end() ? std::optional<resource::Value>(resource::Value::null()) : resource::from_json(*value, why);
    if (!v) return std::nullopt;
    out.values.set(it.key(), std::move(*v));
    auto s = e.find("sensitive");
    if (s != e.end() && s->is_boolean() && s->get<bool>()) out.sensitive.push_back(it.key());
  }
  std::sort(out.sensitive.begin(), out.sensitive.end());
  out.sensitive.erase(std::unique(out.sensitive.begin(), out.sensitive.end()), out.sensitive.end());
  return out;
}

} // namespace cairn::state
