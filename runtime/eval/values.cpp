// Making runtime values: arrays, strings, variants, partial applications, records,
// unknowns, and values from imported JSON/YAML/TOML data.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <unordered_set>
#include <charconv>

#include "compiler/resolve/resolve.h"
#include "compiler/value/number.h"
#include "compiler/value/string.h"
#include "runtime/eval/ops.h"

namespace cairn::eval {

using value::Obj;
using value::ObjKind;

value::Array* new_array(Machine& m, uint32_t n) {
  auto* a = static_cast<value::Array*>(m.arena().alloc(sizeof(value::Array) + sizeof(Value) * n));
  a->h = Obj{ObjKind::Array, 0, 0, n};
  a->data = reinterpret_cast<Value*>(a + 1);
  return a;
}

Value make_string(Machine& m, std::string_view text) { return value::str::make(m.arena(), text); }

Value make_variant(Machine& m, base::NameId tag, Value arg) {
  auto* v = m.arena().make<value::Variant>();
  v->h = Obj{ObjKind::Variant, 0, 0, tag.index};
  v->arg = arg;
  return Value::object(v);
}

Value make_partial(Machine& m, Value fn, const Value* args, uint32_t n) {
  auto* p = static_cast<value::Partial*>(m.arena().alloc(sizeof(value::Partial) + sizeof(Value) * n));
  p->h = Obj{ObjKind::Partial, 0, 0, n};
  p->fn = fn;
  for (uint32_t i = 0; i < n; ++i) p->args()[i] = args[i];
  return Value::object(p);
}

value::Record* new_record(Machine& m, uint32_t n) {
  auto* r = static_cast<value::Record*>(m.arena().alloc(sizeof(value::Record) + sizeof(value::Field) * n));
  r->h = Obj{ObjKind::Record, 0, 0, n};
  r->lit = nullptr;
  return r;
}

Value empty_record(Machine& m) { return Value::object(new_record(m, 0)); }

namespace {

Value number_from_json(Machine& m, const nlohmann::json& j) {
  if (j.is_number_integer()) {
    if (j.is_number_unsigned()) {
      uint64_t u = j.get<uint64_t>();
      if (u <= static_cast<uint64_t>(INT64_MAX)) return value::num::from_int(m.arena(), static_cast<int64_t>(u));
      return *value::num::parse_literal(m.arena(), std::to_string(u));
    }
    return value::num::from_int(m.arena(), j.get<int64_t>());
  }
  // The shortest decimal that reads back as this double: usually the text of the file.
  double d = j.get<double>();
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d);
  if (auto v = value::num::parse_decimal(m.arena(), std::string_view(buf, static_cast<size_t>(r.ptr - buf))))
    return *v;
  return Value::small_int(0);
}

} // namespace

Value json_to_value(Machine& m, const nlohmann::json& root) {
  Value result;
  struct Item {
    const nlohmann::json* j;
    Value* slot;
  };
  std::vector<Item> work{{&root, &result}};
  while (!work.empty()) {
    Item it = work.back();
    work.pop_back();
    const nlohmann::json& j = *it.j;
    switch (j.type()) {
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded: *it.slot = Value::null(); break;
    case nlohmann::json::value_t::boolean: *it.slot = Value::boolean(j.get<bool>()); break;
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float: *it.slot = number_from_json(m, j); break;
    case nlohmann::json::value_t::string: *it.slot = make_string(m, j.get_ref<const std::string&>()); break;
    case nlohmann::json::value_t::binary: {
      // A number a double cannot hold, as its text (resolve::kExactNumber).
      const auto& bytes = j.get_binary();
      std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
      std::optional<Value> v;
      if (bytes.has_subtype() && bytes.subtype() == resolve::kExactNumber) v = value::num::parse_decimal(m.arena(), text);
      *it.slot = v ? *v : Value::null();
      break;
    }
    case nlohmann::json::value_t::array: {
      value::Array* a = new_array(m, static_cast<uint32_t>(j.size()));
      *it.slot = Value::object(a);
      for (uint32_t i = 0; i < j.size(); ++i) {
        a->data[i] = Value();
        work.push_back({&j[i], &a->data[i]});
      }
      break;
    }
    case nlohmann::json::value_t::object: {
      std::vector<std::pair<base::NameId, const nlohmann::json*>> fields;
      for (auto kv = j.begin(); kv != j.end(); ++kv) fields.emplace_back(m.names().intern(kv.key()), &kv.value());
      std::sort(fields.begin(), fields.end(), [](auto& a, auto& b) { return a.first < b.first; });
      value::Record* r = new_record(m, static_cast<uint32_t>(fields.size()));
      *it.slot = Value::object(r);
      for (uint32_t i = 0; i < fields.size(); ++i) {
        value::Field& f = r->fields()[i];
        f = value::Field{fields[i].first, 0, value::PrioKind::Numeric, 0, nullptr, Value(), nullptr};
        work.push_back({fields[i].second, &f.value});
      }
      break;
    }
    }
  }
  return result;
}

Value make_unknown(Machine& m, const std::vector<uint32_t>& deps) {
  std::vector<uint32_t> sorted = deps;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  auto* u = static_cast<value::Unknown*>(m.arena().alloc(sizeof(value::Unknown) + 4 * sorted.size()));
  u->h = Obj{ObjKind::Unknown, 0, 0, static_cast<uint32_t>(sorted.size())};
  for (size_t i = 0; i < sorted.size(); ++i) u->deps()[i] = sorted[i];
  return Value::object(u);
}

Value unknown_union(Machine& m, Value a, Value b) {
  if (!a.is_unknown()) return b;
  if (!b.is_unknown() || a == b) return a;
  auto* x = a.as<value::Unknown>();
  auto* y = b.as<value::Unknown>();
  std::vector<uint32_t> deps(x->deps(), x->deps() + x->h.u32);
  deps.insert(deps.end(), y->deps(), y->deps() + y->h.u32);
  return make_unknown(m, deps);
}

Value unknowns_in(Machine& m, Value forced) {
  std::vector<uint32_t> deps;
  bool any = false;
  std::vector<Value> work{forced};
  std::unordered_set<const void*> seen;
  while (!work.empty()) {
    Value v = Machine::peek(work.back());
    work.pop_back();
    if (!v.is_obj() || !seen.insert(v.obj()).second) continue;
    if (v.is_unknown()) {
      auto* u = v.as<value::Unknown>();
      deps.insert(deps.end(), u->deps(), u->deps() + u->h.u32);
      any = true;
    } else if (v.is_record()) {
      auto* r = v.as<value::Record>();
      for (uint32_t i = 0; i < r->size(); ++i)
        if (r->fields()[i].defined()) work.push_back(r->fields()[i].value);
    } else if (v.is_array()) {
      auto* a = v.as<value::Array>();
      for (uint32_t i = 0; i < a->size(); ++i) work.push_back(a->data[i]);
    } else if (v.is(ObjKind::Variant)) {
      work.push_back(v.as<value::Variant>()->arg);
    }
  }
  return any ? make_unknown(m, deps) : Value();
}

std::string describe(Machine& m, Value v) {
  v = Machine::peek(v);
  value::Type t = value::type_of(v);
  std::string out(value::type_article(t));
  switch (t) {
  case value::Type::Number:
  case value::Type::String:
  case value::Type::Bool:
  case value::Type::Enum: out += " (" + show(m, v, 40) + ")"; break;
  default: break;
  }
  if (v.is_unknown()) out = "an unknown value";
  if (v.is(ObjKind::Sealed)) out = "a sealed value (a type variable's, hidden by a polymorphic contract)";
  return out;
}

} // namespace cairn::eval
