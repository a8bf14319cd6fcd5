// The YAML writer (yaml-cpp's emitter) and the TOML writer (toml++), both driven by an
// explicit stack over a deep-forced value. Strings that YAML would read as something else
// ("true", "12", "null", ...) are quoted. TOML has no null and needs a record at the top.
#include <fmt/core.h>
#include <yaml-cpp/yaml.h>

#include <sstream>
#include <toml++/toml.h>

#include "compiler/value/number.h"
#include "runtime/eval/ops.h"
#include "runtime/eval/serialize_impl.h"

namespace cairn::eval {

namespace {

// Would a plain YAML scalar with this text be read as something other than a string?
bool yaml_needs_quotes(std::string_view s) {
  if (s.empty()) return true;
  static const char* special[] = {"~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE",
                                  "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
                                  ".inf", ".Inf", ".INF", "-.inf", ".nan", ".NaN", ".NAN"};
  for (const char* x : special)
    if (s == x) return true;
  bool numeric = true, digit = false;
  for (char c : s) {
    digit = digit || std::isdigit(static_cast<unsigned char>(c));
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' ||
          c == '_' || c == 'x' || c == 'o'))
      numeric = false;
  }
  if (numeric && digit) return true;
  return s.front() == ' ' || s.back() == ' ';
}

bool emit_scalar(Machine& m, YAML::Emitter& e, Value v, const SerializeOptions& opts) {
  if (v.is_string()) {
    std::string s(v.as<value::String>()->view());
    if (yaml_needs_quotes(s)) e << YAML::DoubleQuoted << s;
    else e << s;
    return true;
  }
  if (v.is_null()) {
    e << YAML::Null;
    return true;
  }
  std::string text;
  if (!scalar_text(m, v, text, opts, false)) return false;
  if (v.is_enum_tag() && yaml_needs_quotes(text)) e << YAML::DoubleQuoted << text;
  else if (v.is_unknown()) e << YAML::DoubleQuoted << text;
  else e << text;
  return true;
}

bool emit_yaml(Machine& m, YAML::Emitter& e, Value root, const SerializeOptions& opts) {
  struct Item {
    enum Kind : uint8_t { Val, EndMap, EndSeq, Key } kind;
    Value v;
    const value::Field* field;
  };
  std::vector<Item> work{{Item::Val, root, nullptr}};
  while (!work.empty()) {
    Item it = work.back();
    work.pop_back();
    switch (it.kind) {
    case Item::EndMap: e << YAML::EndMap; continue;
    case Item::EndSeq: e << YAML::EndSeq; continue;
    case Item::Key: e << YAML::Key << std::string(m.names().text(it.field->name)) << YAML::Value; continue;
    case Item::Val: break;
    }
    Value v = Machine::peek(it.v);
    if (v.is_record()) {
      std::vector<const value::Field*> fields = exported_fields(m, v.as<value::Record>());
      if (fields.empty()) {
        e << YAML::Flow << YAML::BeginMap << YAML::EndMap;
        continue;
      }
      e << YAML::BeginMap;
      work.push_back({Item::EndMap, Value(), nullptr});
      for (size_t i = fields.size(); i-- > 0;) {
        work.push_back({Item::Val, fields[i]->value, nullptr});
        work.push_back({Item::Key, Value(), fields[i]});
      }
      continue;
    }
    if (v.is_array()) {
      auto* a = v.as<value::Array>();
      if (a->size() == 0) {
        e << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
        continue;
      }
      e << YAML::BeginSeq;
      work.push_back({Item::EndSeq, Value(), nullptr});
      for (uint32_t i = a->size(); i-- > 0;) work.push_back({Item::Val, a->data[i], nullptr});
      continue;
    }
    if (!emit_scalar(m, e, v, opts)) return false;
  }
  return true;
}

} // namespace

bool write_yaml(Machine& m, Value v, std::string& out, const SerializeOptions& opts, bool documents) {
  if (documents) {
    if (!v.is_array()) {
      m.error(diag::DiagKind::NotExportable, {},
              fmt::format("the yaml-documents format needs an array (one document per element), got {}",
                          describe(m, v)));
      return false;
    }
    auto* a = v.as<value::Array>();
    for (uint32_t i = 0; i < a->size(); ++i) {
      YAML::Emitter e;
      e.SetNullFormat(YAML::LowerNull);
      if (!emit_yaml(m, e, a->data[i], opts)) return false;
      out += "---\n";
      out += e.c_str();
      out += '\n';
    }
    return true;
  }
  YAML::Emitter e;
  e.SetNullFormat(YAML::LowerNull);
  if (!emit_yaml(m, e, v, opts)) return false;
  out += e.c_str();
  out += '\n';
  return true;
}

bool write_toml(Machine& m, Value root, std::string& out, const SerializeOptions& opts) {
  if (!root.is_record()) {
    m.error(diag::DiagKind::NotExportable, {}, fmt::format("TOML needs a record at the top, got {}", describe(m, root)));
    return false;
  }
  toml::table top;
  // Each item fills a slot: a table key or an array element.
  struct Item {
    Value v;
    toml::table* table;
    std::string key;
    toml::array* array;
  };
  std::vector<Item> work{{root, nullptr, "", nullptr}};
  while (!work.empty()) {
    Item it = work.back();
    work.pop_back();
    Value v = Machine::peek(it.v);
    auto put = [&](auto&& node) -> toml::node* {
      if (it.array) {
        it.array->push_back(std::forward<decltype(node)>(node));
        return it.array->back().as<std::remove_cvref_t<decltype(node)>>();
      }
      if (!it.table) return nullptr;
      auto [pos, ok] = it.table->insert_or_assign(it.key, std::forward<decltype(node)>(node));
      (void)ok;
      return &pos->second;
    };
    if (v.is_record()) {
      toml::table* t = &top;
      if (it.table || it.array) t = put(toml::table{})->as_table();
      std::vector<const value::Field*> fields = exported_fields(m, v.as<value::Record>());
      for (size_t i = fields.size(); i-- > 0;)
        work.push_back({fields[i]->value, t, std::string(m.names().text(fields[i]->name)), nullptr});
      continue;
    }
    if (v.is_array()) {
      toml::array* arr = put(toml::array{})->as_array();
      auto* a = v.as<value::Array>();
      // Elements are filled in order: push them reversed.
      std::vector<Item> items;
      for (uint32_t i = 0; i < a->size(); ++i) items.push_back({a->data[i], nullptr, "", arr});
      for (size_t i = items.size(); i-- > 0;) work.push_back(items[i]);
      continue;
    }
    if (v.is_string()) {
      put(std::string(v.as<value::String>()->view()));
    } else if (v.is_bool()) {
      put(v.as_bool());
    } else if (v.is_number()) {
      if (!value::num::fits_double(v)) {
        m.error(diag::DiagKind::NotExportable, {},
                fmt::format("cannot serialize the number {}: it is beyond the range of a 64-bit float",
                            value::num::to_string(v)));
        return false;
      }
      if (std::optional<int64_t> i = value::num::to_int64(v)) put(*i);
      else put(value::num::to_double(v));
    } else if (v.is_enum_tag()) {
      put(std::string(m.names().text(v.enum_tag())));
    } else if (v.is_unknown()) {
      put(opts.unknown_marker);
    } else if (v.is_null()) {
      m.error(diag::DiagKind::NotExportable, {}, fmt::format("TOML has no null (at `{}`)", it.key))
          .help("leave the field out instead: mark it `| optional` without a value");
      return false;
    } else {
      m.error(diag::DiagKind::NotExportable, {}, fmt::format("cannot export {} as TOML", describe(m, v)));
      return false;
    }
  }
  std::ostringstream s;
  s << top;
  out += s.str();
  out += '\n';
  return true;
}

} // namespace cairn::eval
