// Parsing and writing the protocol's messages; see message.h.
#include "providers/protocol/message.h"

#include <fmt/core.h>

namespace cairn::providers::protocol {

namespace {

using resource::Json;

std::optional<Json> parse_object(std::string_view line, std::string* why) {
  if (line.size() > kMaxLine) {
    *why = fmt::format("a line longer than {} bytes", kMaxLine);
    return std::nullopt;
  }
  std::string err;
  std::optional<Json> j = resource::parse_json_text(line, &err);
  if (!j) {
    *why = "not JSON (" + err + ")";
    return std::nullopt;
  }
  if (!j->is_object()) {
    *why = "not a JSON object";
    return std::nullopt;
  }
  return j;
}

std::string string_field(const Json& j, const char* name) {
  auto it = j.find(name);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool is_unknown_marker(const Json& j) {
  if (!j.is_object() || j.size() != 1) return false;
  auto it = j.find("$unknown");
  return it != j.end() && it->is_array();
}

std::optional<Value> decode_at(const Json& j, uint32_t depth, std::string* why) {
  if (depth > resource::kMaxValueDepth) {
    *why = fmt::format("a value nested deeper than {} levels", resource::kMaxValueDepth);
    return std::nullopt;
  }
  if (is_unknown_marker(j)) {
    std::vector<std::string> deps;
    for (const Json& d : j.at("$unknown"))
      if (d.is_string()) deps.push_back(d.get<std::string>());
    return Value::unknown(std::move(deps));
  }
  if (j.is_object()) {
    resource::Object members;
    for (auto it = j.begin(); it != j.end(); ++it) {
      std::optional<Value> v = decode_at(it.value(), depth + 1, why);
      if (!v) return std::nullopt;
      members.emplace_back(it.key(), std::move(*v));
    }
    return Value::object(std::move(members));
  }
  if (j.is_array()) {
    resource::Array items;
    for (const Json& e : j) {
      std::optional<Value> v = decode_at(e, depth + 1, why);
      if (!v) return std::nullopt;
      items.push_back(std::move(*v));
    }
    return Value::array(std::move(items));
  }
  return resource::from_json(j, why);
}

} // namespace

std::optional<Handshake> parse_handshake(std::string_view line, std::string* why) {
  std::optional<Json> j = parse_object(line, why);
  if (!j) return std::nullopt;
  auto p = j->find("protocol");
  if (p == j->end() || !p->is_number_integer()) {
    *why = "the first line has no integer `protocol`";
    return std::nullopt;
  }
  Handshake h;
  int64_t version = p->get<int64_t>();
  h.protocol = version > 0 && version < 1000 ? static_cast<int>(version) : -1;
  h.name = string_field(*j, "name");
  h.version = string_field(*j, "version");
  if (h.name.empty()) {
    *why = "the handshake has no `name`";
    return std::nullopt;
  }
  return h;
}

std::optional<Reply> parse_reply(std::string_view line, std::string* why) {
  std::optional<Json> j = parse_object(line, why);
  if (!j) return std::nullopt;
  auto id = j->find("id");
  if (id == j->end() || !id->is_number_integer()) {
    *why = "a reply without an integer `id`";
    return std::nullopt;
  }
  Reply r;
  r.id = id->get<int64_t>();
  auto result = j->find("result");
  auto error = j->find("error");
  if ((result == j->end()) == (error == j->end())) {
    *why = "a reply needs exactly one of `result` and `error`";
    return std::nullopt;
  }
  if (result != j->end()) {
    r.ok = true;
    r.result = *result;
    return r;
  }
  if (!error->is_object()) {
    *why = "`error` must be an object";
    return std::nullopt;
  }
  r.error.message = string_field(*error, "message");
  r.error.attribute = string_field(*error, "attribute");
  r.error.kind = problem_kind_from_name(string_field(*error, "code"));
  if (r.error.message.empty()) r.error.message = "the provider reported an error without a message";
  return r;
}

std::string request_line(int64_t id, std::string_view method, const resource::Json& params) {
  Json j = Json::object();
  j["id"] = id;
  j["method"] = method;
  j["params"] = params;
  return j.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

resource::Json encode_value(const Value& v) {
  switch (v.kind()) {
  case resource::ValueKind::Unknown: {
    Json deps = Json::array();
    for (const std::string& d : v.unknown_deps()) deps.push_back(d);
    Json o = Json::object();
    o["$unknown"] = deps;
    return o;
  }
  case resource::ValueKind::Object: {
    Json o = Json::object();
    for (const resource::Member& m : v.as_object()) o[m.first] = encode_value(m.second);
    return o;
  }
  case resource::ValueKind::Array: {
    Json a = Json::array();
    for (const Value& e : v.as_array()) a.push_back(encode_value(e));
    return a;
  }
  default: return resource::to_json(v);
  }
}

std::optional<Value> decode_value(const resource::Json& j, std::string* why) {
  return decode_at(j, 1, why);
}

std::vector<Problem> decode_problems(const resource::Json& j) {
  std::vector<Problem> out;
  if (!j.is_array()) return out;
  for (const Json& item : j) {
    if (!item.is_object()) {
      out.push_back({"", "the provider sent a malformed problem", ProblemKind::Protocol});
      continue;
    }
    Problem p;
    p.attribute = string_field(item, "attribute");
    p.message = string_field(item, "message");
    p.kind = item.contains("code") ? problem_kind_from_name(string_field(item, "code")) : ProblemKind::Invalid;
    if (p.message.empty()) p.message = "the provider reported a problem without a message";
    out.push_back(std::move(p));
  }
  return out;
}

} // namespace cairn::providers::protocol
