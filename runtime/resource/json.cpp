// Value <-> JSON; see json.h.
#include "runtime/resource/json.h"

#include <fmt/core.h>

namespace cairn::resource {

Json to_json(const Value& v) {
  switch (v.kind()) {
  case ValueKind::Null:
  case ValueKind::Unknown: return nullptr;
  case ValueKind::Bool: return v.as_bool();
  case ValueKind::Number: {
    const std::string& t = v.number_text();
    bool integer = t.find_first_of(".eE") == std::string::npos;
    if (integer && t.size() < 19) return std::stoll(t);
    if (integer && t.size() < 20 && t[0] != '-') return std::stoull(t);
    return v.as_double();
  }
  case ValueKind::String: return v.as_string();
  case ValueKind::Array: {
    Json a = Json::array();
    for (const Value& e : v.as_array()) a.push_back(to_json(e));
    return a;
  }
  case ValueKind::Object: {
    Json o = Json::object();
    for (const Member& m : v.as_object()) o[m.first] = to_json(m.second);
    return o;
  }
  }
  return nullptr;
}

Json unknown_mask(const Value& v) {
  switch (v.kind()) {
  case ValueKind::Unknown: return true;
  case ValueKind::Array: {
    Json a = Json::array();
    for (const Value& e : v.as_array()) a.push_back(unknown_mask(e));
    return a;
  }
  case ValueKind::Object: {
    Json o = Json::object();
    for (const Member& m : v.as_object())
      if (m.second.has_unknown()) o[m.first] = unknown_mask(m.second);
    return o;
  }
  case ValueKind::Null:
  case ValueKind::Bool:
  case ValueKind::Number:
  case ValueKind::String: return false;
  }
  return false;
}

namespace {

std::optional<Value> convert(const Json& j, const Json* mask, const std::vector<std::string>& deps,
                             uint32_t depth, std::string* why) {
  if (depth > kMaxValueDepth) {
    if (why) *why = fmt::format("value nested deeper than {} levels", kMaxValueDepth);
    return std::nullopt;
  }
  if (mask && mask->is_boolean() && mask->get<bool>()) return Value::unknown(deps);
  switch (j.type()) {
  case Json::value_t::null:
  case Json::value_t::discarded: return Value::null();
  case Json::value_t::boolean: return Value::boolean(j.get<bool>());
  case Json::value_t::number_integer: return Value::number(std::to_string(j.get<int64_t>()));
  case Json::value_t::number_unsigned: return Value::number(std::to_string(j.get<uint64_t>()));
  case Json::value_t::number_float: return Value::number_from_double(j.get<double>());
  case Json::value_t::string: return Value::string(j.get<std::string>());
  case Json::value_t::binary: return Value::null();
  case Json::value_t::array: {
    Array a;
    a.reserve(j.size());
    for (size_t i = 0; i < j.size(); ++i) {
      const Json* m = mask && mask->is_array() && i < mask->size() ? &(*mask)[i] : nullptr;
      auto e = convert(j[i], m, deps, depth + 1, why);
      if (!e) return std::nullopt;
      a.push_back(std::move(*e));
    }
    return Value::array(std::move(a));
  }
  case Json::value_t::object: {
    Object o;
    o.reserve(j.size());
    for (auto it = j.begin(); it != j.end(); ++it) {
      const Json* m = nullptr;
      if (mask && mask->is_object()) {
        auto mit = mask->find(it.key());
        if (mit != mask->end()) m = &*mit;
      }
      auto e = convert(it.value(), m, deps, depth + 1, why);
      if (!e) return std::nullopt;
      o.emplace_back(it.key(), std::move(*e));
    }
    return Value::object(std::move(o));
  }
  }
  return Value::null();
}

} // namespace

std::optional<Value> from_json(const Json& j, std::string* why) {
  return convert(j, nullptr, {}, 1, why);
}

std::optional<Value> from_json_masked(const Json& known, const Json& mask,
                                      const std::vector<std::string>& deps, std::string* why) {
  return convert(known, &mask, deps, 1, why);
}

std::optional<Json> parse_json_text(std::string_view text, std::string* why, size_t* error_offset,
                                    const Json::parser_callback_t& callback) {
  // Reject excessive nesting before building the tree (nlohmann's parser is iterative but
  // our conversions are not).
  uint32_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxValueDepth) {
        if (why) *why = fmt::format("JSON nested deeper than {} levels", kMaxValueDepth);
        if (error_offset) *error_offset = i;
        return std::nullopt;
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  try {
    return Json::parse(text.begin(), text.end(), callback);
  } catch (const Json::parse_error& e) {
    if (why) *why = e.what();
    if (error_offset) *error_offset = e.byte > 0 ? e.byte - 1 : 0;
    return std::nullopt;
  } catch (const Json::exception& e) {
    if (why) *why = e.what();
    if (error_offset) *error_offset = 0;
    return std::nullopt;
  }
}

} // namespace cairn::resource
