// The stored form of the spec's outputs; see outputs.h.
#include "runtime/state/outputs.h"

#include <algorithm>

#include "runtime/state/secrets.h"

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

void write_outputs(resource::JsonWriter& w, const resource::Value& values, const std::vector<std::string>& sensitive,
                   const std::map<std::string, std::string>& sealed) {
  w.begin_object();
  w.key("format");
  w.integer(kOutputsFormat);
  w.key("outputs");
  w.begin_object();
  if (values.is_object())
    for (const resource::Member& m : values.as_object()) {
      w.key(m.first);
      w.begin_object();
      bool secret = std::find(sensitive.begin(), sensitive.end(), m.first) != sensitive.end();
      if (secret) {
        w.key("sensitive");
        w.boolean(true);
      }
      auto s = sealed.find(m.first);
      if (secret && s != sealed.end()) {
        w.key("age");
        w.string(s->second);
      } else {
        w.key("value");
        w.value(m.second);
      }
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
    if (auto age = e.find("age"); age != e.end()) {
      if (!age->is_string()) {
        if (why) *why = "output `" + it.key() + "`: `age` must be a string";
        return std::nullopt;
      }
      out.values.set(it.key(), resource::Value::unknown({}));
      out.sealed[it.key()] = age->get<std::string>();
      out.sensitive.push_back(it.key());
      continue;
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

bool seal_outputs(const resource::Value& values, const std::vector<std::string>& sensitive,
                  const std::vector<std::string>& recipients, const std::map<std::string, std::string>& before,
                  std::map<std::string, std::string>* sealed, std::string* why) {
  sealed->clear();
  for (const std::string& name : sensitive) {
    const resource::Value* v = values.is_object() ? values.get(name) : nullptr;
    if (!v) continue;
    if (v->has_unknown()) {
      auto b = before.find(name);
      if (b == before.end()) {
        if (why) *why = "the sensitive output `" + name + "` cannot be sealed: its value is not known";
        return false;
      }
      (*sealed)[name] = b->second;
      continue;
    }
    std::string text = resource::to_json(*v).dump(-1, ' ', false, resource::Json::error_handler_t::replace);
    auto box = seal_text(text, recipients, why);
    if (!box) return false;
    (*sealed)[name] = std::move(*box);
  }
  return true;
}

void open_outputs(StoredOutputs& out, const std::vector<std::string>& identities) {
  for (auto it = out.sealed.begin(); it != out.sealed.end();) {
    std::optional<resource::Value> v;
    if (auto text = unseal_text(it->second, identities)) {
      std::string what;
      if (auto j = resource::parse_json_text(*text, &what)) v = resource::from_json(*j, &what);
    }
    if (!v) {
      ++it;
      continue;
    }
    out.values.set(it->first, std::move(*v));
    it = out.sealed.erase(it);
  }
}

} // namespace cairn::state
