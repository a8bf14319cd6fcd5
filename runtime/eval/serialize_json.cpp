// The JSON writer: a hand-written streaming writer over deep-forced values (an explicit
// stack), formatted like `nickel export`: two-space indentation, `"key": value`, sorted
// keys. Also the dispatch of `serialize` to the other formats.
#include <fmt/core.h>

#include <algorithm>

#include "runtime/eval/ops.h"
#include "runtime/eval/serialize.h"
#include "runtime/eval/serialize_impl.h"
#include "runtime/value/number.h"

namespace cairn::eval {

std::optional<Format> format_from_name(std::string_view name) {
  if (name == "json") return Format::Json;
  if (name == "yaml") return Format::Yaml;
  if (name == "yaml-documents") return Format::YamlDocuments;
  if (name == "toml") return Format::Toml;
  if (name == "text" || name == "raw") return Format::Text;
  return std::nullopt;
}

void json_string(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    default:
      if (c < 0x20) out += fmt::format("\\u{:04x}", c);
      else out += static_cast<char>(c);
    }
  }
  out += '"';
}

std::vector<const value::Field*> exported_fields(Machine& m, const value::Record* r) {
  std::vector<const value::Field*> fields;
  fields.reserve(r->size());
  for (uint32_t i = 0; i < r->size(); ++i) {
    const value::Field& f = r->fields()[i];
    if (f.not_exported() || !f.defined()) continue;
    fields.push_back(&f);
  }
  if (fields.size() > 1) {
    base::Names& names = m.names();
    std::sort(fields.begin(), fields.end(),
              [&](const value::Field* a, const value::Field* b) { return names.text(a->name) < names.text(b->name); });
  }
  return fields;
}

bool scalar_text(Machine& m, Value v, std::string& out, const SerializeOptions& opts, bool quote_strings) {
  if (v.is_number()) {
    value::num::append(out, v);
    return true;
  }
  if (v.is_string()) {
    if (quote_strings) json_string(out, v.as<value::String>()->view());
    else out += v.as<value::String>()->view();
    return true;
  }
  if (v.is_bool()) {
    out += v.as_bool() ? "true" : "false";
    return true;
  }
  if (v.is_null()) {
    out += "null";
    return true;
  }
  if (v.is_enum_tag()) {
    if (quote_strings) json_string(out, m.names().text(v.enum_tag()));
    else out += m.names().text(v.enum_tag());
    return true;
  }
  if (v.is_unknown()) {
    if (quote_strings) json_string(out, opts.unknown_marker);
    else out += opts.unknown_marker;
    return true;
  }
  m.error(diag::DiagKind::NotExportable, {}, fmt::format("cannot serialize {}", describe(m, v)));
  return false;
}

namespace {

bool write_json(Machine& m, Value root, std::string& out, const SerializeOptions& opts) {
  struct Item {
    enum Kind : uint8_t { Val, Text, Newline, Key } kind;
    uint32_t depth;
    Value v;
    const char* text;
    const value::Field* field;
  };
  std::vector<Item> work{{Item::Val, 0, root, nullptr, nullptr}};
  bool pretty = opts.pretty;
  while (!work.empty()) {
    Item it = work.back();
    work.pop_back();
    switch (it.kind) {
    case Item::Text: out += it.text; continue;
    case Item::Newline:
      if (pretty) {
        out += '\n';
        out.append(2 * it.depth, ' ');
      }
      continue;
    case Item::Key:
      json_string(out, m.names().text(it.field->name));
      out += pretty ? ": " : ":";
      continue;
    case Item::Val: break;
    }
    Value v = Machine::peek(it.v);
    if (v.is_record()) {
      std::vector<const value::Field*> fields = exported_fields(m, v.as<value::Record>());
      if (fields.empty()) {
        out += "{}";
        continue;
      }
      out += '{';
      work.push_back({Item::Text, 0, Value(), "}", nullptr});
      work.push_back({Item::Newline, it.depth, Value(), nullptr, nullptr});
      for (size_t i = fields.size(); i-- > 0;) {
        work.push_back({Item::Val, it.depth + 1, fields[i]->value, nullptr, nullptr});
        work.push_back({Item::Key, 0, Value(), nullptr, fields[i]});
        work.push_back({Item::Newline, it.depth + 1, Value(), nullptr, nullptr});
        if (i) work.push_back({Item::Text, 0, Value(), ",", nullptr});
      }
      continue;
    }
    if (v.is_array()) {
      auto* a = v.as<value::Array>();
      if (a->size() == 0) {
        out += "[]";
        continue;
      }
      out += '[';
      work.push_back({Item::Text, 0, Value(), "]", nullptr});
      work.push_back({Item::Newline, it.depth, Value(), nullptr, nullptr});
      for (uint32_t i = a->size(); i-- > 0;) {
        work.push_back({Item::Val, it.depth + 1, a->data[i], nullptr, nullptr});
        work.push_back({Item::Newline, it.depth + 1, Value(), nullptr, nullptr});
        if (i) work.push_back({Item::Text, 0, Value(), ",", nullptr});
      }
      continue;
    }
    if (!scalar_text(m, v, out, opts, true)) return false;
  }
  return true;
}

} // namespace

bool serialize(Machine& m, Value v, Format format, std::string& out, const SerializeOptions& opts) {
  v = Machine::peek(v);
  switch (format) {
  case Format::Json: return write_json(m, v, out, opts);
  case Format::Yaml: return write_yaml(m, v, out, opts, false);
  case Format::YamlDocuments: return write_yaml(m, v, out, opts, true);
  case Format::Toml: return write_toml(m, v, out, opts);
  case Format::Text:
    if (v.is_string() || v.is_number() || v.is_bool() || v.is_null() || v.is_enum_tag() || v.is_unknown())
      return scalar_text(m, v, out, opts, false);
    m.error(diag::DiagKind::NotExportable, {}, fmt::format("cannot export {} as text", describe(m, v)))
        .help("the text format exports a string (or a number, a boolean, null, an enum tag)");
    return false;
  }
  return false;
}

} // namespace cairn::eval
