// Attribute values: construction, lookup, equality and display; see value.h.
#include "runtime/resource/value.h"

#include "compiler/base/quote.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/core.h>

namespace cairn::resource {

std::string_view value_kind_name(ValueKind k) {
  switch (k) {
  case ValueKind::Null: return "null";
  case ValueKind::Bool: return "bool";
  case ValueKind::Number: return "number";
  case ValueKind::String: return "string";
  case ValueKind::Array: return "array";
  case ValueKind::Object: return "record";
  case ValueKind::Unknown: return "unknown";
  }
  return "?";
}

Value Value::number_from_double(double d) { return number(canonical_number(d)); }

Value Value::object(Object members) {
  std::stable_sort(members.begin(), members.end(),
                   [](const Member& a, const Member& b) { return a.first < b.first; });
  // Keep the last of equal keys.
  Object out;
  out.reserve(members.size());
  for (auto& m : members) {
    if (!out.empty() && out.back().first == m.first) {
      out.back().second = std::move(m.second);
    } else {
      out.push_back(std::move(m));
    }
  }
  return Value(Storage(std::move(out)));
}

Value Value::unknown(std::vector<std::string> deps) {
  std::sort(deps.begin(), deps.end());
  deps.erase(std::unique(deps.begin(), deps.end()), deps.end());
  return Value(Storage(UnknownDeps{std::move(deps)}));
}

double Value::as_double() const {
  const std::string& t = number_text();
  double d = 0;
  std::from_chars(t.data(), t.data() + t.size(), d);
  return d;
}

namespace {
bool key_less(const Member& m, std::string_view key) { return m.first < key; }
} // namespace

const Value* Value::get(std::string_view key) const {
  if (!is_object()) return nullptr;
  const Object& o = as_object();
  auto it = std::lower_bound(o.begin(), o.end(), key, key_less);
  return it != o.end() && it->first == key ? &it->second : nullptr;
}

Value* Value::get(std::string_view key) {
  return const_cast<Value*>(static_cast<const Value*>(this)->get(key));
}

void Value::set(std::string key, Value value) {
  Object& o = as_object();
  auto it = std::lower_bound(o.begin(), o.end(), key, key_less);
  if (it != o.end() && it->first == key) {
    it->second = std::move(value);
  } else {
    o.insert(it, Member(std::move(key), std::move(value)));
  }
}

bool Value::erase(std::string_view key) {
  if (!is_object()) return false;
  Object& o = as_object();
  auto it = std::lower_bound(o.begin(), o.end(), key, key_less);
  if (it == o.end() || it->first != key) return false;
  o.erase(it);
  return true;
}

bool Value::has_unknown() const {
  switch (kind()) {
  case ValueKind::Unknown: return true;
  case ValueKind::Array:
    for (const Value& e : as_array())
      if (e.has_unknown()) return true;
    return false;
  case ValueKind::Object:
    for (const Member& m : as_object())
      if (m.second.has_unknown()) return true;
    return false;
  case ValueKind::Null:
  case ValueKind::Bool:
  case ValueKind::Number:
  case ValueKind::String: return false;
  }
  return false;
}

void Value::collect_unknown_deps(std::set<std::string>& out) const {
  switch (kind()) {
  case ValueKind::Unknown: out.insert(unknown_deps().begin(), unknown_deps().end()); return;
  case ValueKind::Array:
    for (const Value& e : as_array()) e.collect_unknown_deps(out);
    return;
  case ValueKind::Object:
    for (const Member& m : as_object()) m.second.collect_unknown_deps(out);
    return;
  case ValueKind::Null:
  case ValueKind::Bool:
  case ValueKind::Number:
  case ValueKind::String: return;
  }
}

uint32_t Value::depth() const {
  uint32_t inner = 0;
  if (kind() == ValueKind::Array) {
    for (const Value& e : as_array()) inner = std::max(inner, e.depth());
  } else if (kind() == ValueKind::Object) {
    for (const Member& m : as_object()) inner = std::max(inner, m.second.depth());
  }
  return inner + 1;
}

bool operator==(const Value& a, const Value& b) { return a.v_ == b.v_; }


std::string canonical_number(double d) {
  if (!std::isfinite(d)) return "0";
  if (d == std::trunc(d) && std::fabs(d) < 9007199254740992.0) {
    return std::to_string(static_cast<int64_t>(d));
  }
  return fmt::format("{}", d);
}

std::string canonical_number_text(std::string_view text) {
  size_t i = 0;
  if (i < text.size() && text[i] == '-') ++i;
  size_t digits_begin = i;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  if (i == digits_begin) return {};
  if (i == text.size()) {
    // An integer literal: exact, without leading zeros and without "-0".
    std::string_view digits = text.substr(digits_begin);
    while (digits.size() > 1 && digits[0] == '0') digits.remove_prefix(1);
    if (digits == "0") return "0";
    std::string out;
    if (digits_begin == 1) out += '-';
    out.append(digits);
    return out;
  }
  double d = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
  if (ec != std::errc() || ptr != text.data() + text.size()) return {};
  return canonical_number(d);
}

std::string to_display(const Value& v) {
  switch (v.kind()) {
  case ValueKind::Null: return "null";
  case ValueKind::Bool: return v.as_bool() ? "true" : "false";
  case ValueKind::Number: return v.number_text();
  case ValueKind::String: return base::quoted(v.as_string());
  case ValueKind::Unknown: return "(known after apply)";
  case ValueKind::Array: {
    if (v.as_array().empty()) return "[]";
    std::string out = "[";
    for (size_t i = 0; i < v.as_array().size(); ++i) {
      out += i ? ", " : " ";
      out += to_display(v.as_array()[i]);
    }
    return out + " ]";
  }
  case ValueKind::Object: {
    if (v.as_object().empty()) return "{}";
    std::string out = "{";
    bool first = true;
    for (const Member& m : v.as_object()) {
      out += first ? " " : ", ";
      first = false;
      out += m.first + " = " + to_display(m.second);
    }
    return out + " }";
  }
  }
  return "?";
}

} // namespace cairn::resource
