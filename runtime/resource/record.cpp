// Resource records <-> JSON; see record.h. The format carries a version so later changes
// can migrate old state.
#include "runtime/resource/record.h"

#include "runtime/resource/json_writer.h"

namespace cairn::resource {

namespace {
constexpr int kRecordFormat = 1;

std::vector<std::string> string_list(const Json& j) {
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const Json& e : j)
    if (e.is_string()) out.push_back(e.get<std::string>());
  return out;
}
} // namespace

Json lifecycle_to_json(const Lifecycle& l) {
  Json j = Json::object();
  if (l.prevent_destroy) j["prevent_destroy"] = true;
  if (l.create_before_destroy) j["create_before_destroy"] = true;
  if (!l.ignore_changes.empty()) j["ignore_changes"] = l.ignore_changes;
  return j;
}

Lifecycle lifecycle_from_json(const Json& j) {
  Lifecycle l;
  if (!j.is_object()) return l;
  // Wrong types read as absent (never an exception: records come from files).
  auto flag = [&](const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_boolean() && it->get<bool>();
  };
  l.prevent_destroy = flag("prevent_destroy");
  l.create_before_destroy = flag("create_before_destroy");
  if (auto it = j.find("ignore_changes"); it != j.end()) l.ignore_changes = string_list(*it);
  return l;
}

Json record_to_json(const ResourceRecord& r) {
  Json j = Json::object();
  j["format"] = kRecordFormat;
  j["address"] = r.address;
  j["type"] = r.type;
  j["provider"] = r.provider;
  j["id"] = r.id;
  j["inputs"] = to_json(r.inputs);
  j["outputs"] = to_json(r.outputs);
  j["dependencies"] = r.dependencies;
  Json lc = lifecycle_to_json(r.lifecycle);
  if (!lc.empty()) j["lifecycle"] = lc;
  if (!r.sensitive.empty()) j["sensitive"] = r.sensitive;
  if (r.sealed) {
    Json s = Json::object();
    s["age"] = r.sealed->age;
    s["inputs"] = r.sealed->inputs;
    s["outputs"] = r.sealed->outputs;
    j["sealed"] = std::move(s);
  }
  return j;
}

void write_record(JsonWriter& w, const ResourceRecord& r) {
  // The members in byte order, as record_to_json's document dumps them.
  w.begin_object();
  w.key("address");
  w.string(r.address);
  w.key("dependencies");
  w.strings(r.dependencies);
  w.key("format");
  w.integer(kRecordFormat);
  w.key("id");
  w.string(r.id);
  w.key("inputs");
  w.value(r.inputs);
  const Lifecycle& l = r.lifecycle;
  if (l.prevent_destroy || l.create_before_destroy || !l.ignore_changes.empty()) {
    w.key("lifecycle");
    w.begin_object();
    if (l.create_before_destroy) {
      w.key("create_before_destroy");
      w.boolean(true);
    }
    if (!l.ignore_changes.empty()) {
      w.key("ignore_changes");
      w.strings(l.ignore_changes);
    }
    if (l.prevent_destroy) {
      w.key("prevent_destroy");
      w.boolean(true);
    }
    w.end_object();
  }
  w.key("outputs");
  w.value(r.outputs);
  w.key("provider");
  w.string(r.provider);
  if (r.sealed) {
    w.key("sealed");
    w.begin_object();
    w.key("age");
    w.string(r.sealed->age);
    w.key("inputs");
    w.strings(r.sealed->inputs);
    w.key("outputs");
    w.strings(r.sealed->outputs);
    w.end_object();
  }
  if (!r.sensitive.empty()) {
    w.key("sensitive");
    w.strings(r.sensitive);
  }
  w.key("type");
  w.string(r.type);
  w.end_object();
}

std::string record_text(const ResourceRecord& r) {
  std::string out;
  JsonWriter w(out);
  write_record(w, r);
  out += '\n';
  return out;
}

std::optional<ResourceRecord> record_from_json(const Json& j, std::string* why) {
  auto fail = [&](const char* m) -> std::optional<ResourceRecord> {
    if (why) *why = m;
    return std::nullopt;
  };
  if (!j.is_object()) return fail("a resource record must be a JSON object");
  auto str = [&](const char* key) -> std::optional<std::string> {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  ResourceRecord r;
  auto address = str("address");
  auto type = str("type");
  if (!address || !type) return fail("a resource record needs `address` and `type` strings");
  r.address = *address;
  r.type = *type;
  r.provider = str("provider").value_or("");
  r.id = str("id").value_or("");
  if (auto it = j.find("inputs"); it != j.end()) {
    auto v = from_json(*it, why);
    if (!v) return std::nullopt;
    if (!v->is_object()) return fail("`inputs` must be an object");
    r.inputs = std::move(*v);
  }
  if (auto it = j.find("outputs"); it != j.end()) {
    auto v = from_json(*it, why);
    if (!v) return std::nullopt;
    if (!v->is_object()) return fail("`outputs` must be an object");
    r.outputs = std::move(*v);
  }
  if (auto it = j.find("dependencies"); it != j.end()) r.dependencies = string_list(*it);
  if (auto it = j.find("lifecycle"); it != j.end()) r.lifecycle = lifecycle_from_json(*it);
  if (auto it = j.find("sensitive"); it != j.end()) r.sensitive = string_list(*it);
  if (auto it = j.find("sealed"); it != j.end()) {
    auto age = it->is_object() ? it->find("age") : it->end();
    if (!it->is_object() || age == it->end() || !age->is_string())
      return fail("`sealed` must be an object with an `age` string");
    Sealed s;
    if (auto in = it->find("inputs"); in != it->end()) s.inputs = string_list(*in);
    if (auto out = it->find("outputs"); out != it->end()) s.outputs = string_list(*out);
    s.age = age->get<std::string>();
    r.sealed = std::move(s);
  }
  return r;
}

} // namespace cairn::resource
