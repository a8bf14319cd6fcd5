// The JSON writer: a hand-written streaming writer over deep-forced values (an explicit
// stack), formatted like `nickel export`: two-space indentation, `"key": value`, sorted
// keys. Also the dispatch of `serialize` to the other formats.
#include <fmt/core.h>

#include <algorithm>

#include "compiler/value/number.h"
#include "runtime/eval/ops.h"
#include "runtime/eval/serialize.h"
#include "runtime/eval/serialize_impl.h"

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
  // Copy runs of characters that need no escape at once.
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    default: out += fmt::format("\\u{:04x}", c);
    }
  }
  out.append(s.data() + run, s.size() - run);
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
    if (!value::num::fits_double(v)) {
      m.error(diag::DiagKind::NotExportable, {},
              fmt::format("cannot serialize the number {}: it is beyond the range of a 64-bit float",
                          value::num::to_string(v)))
          .help("readers of JSON, YAML and TOML take numbers up to about 1.8e308");
      return false;
    }
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

// One open record or array: its fields (sorted, in `fields` from `first`) or elements.
struct JsonLevel {
  Value container;
  uint32_t next;
  uint32_t size;
  size_t first; // records: index of the first field in the shared field list
  bool record;
};

bool write_json(Machine& m, Value root, std::string& out, const SerializeOptions& opts) {
  const bool pretty = opts.pretty;
  std::vector<JsonLevel> open;
  std::vector<const value::Field*> fields; // the sorted fields of every open record
  base::Names& names = m.names();
  auto newline = [&](size_t depth) {
    if (!pretty) return;
    out += '\n';
    out.append(2 * depth, ' ');
  };
  Value v = root;
  while (true) {
    // Write `v`: a scalar at once, a non-empty container opens a level.
    v = Machine::peek(v);
    if (v.is_record()) {
      const value::Record* r = v.as<value::Record>();
      size_t first = fields.size();
      for (uint32_t i = 0; i < r->size(); ++i) {
        const value::Field& f = r->fields()[i];
        if (!f.not_exported() && f.defined()) fields.push_back(&f);
      }
      if (fields.size() == first) {
        out += "{}";
      } else {
        std::sort(fields.begin() + static_cast<ptrdiff_t>(first), fields.end(),
                  [&](const value::Field* a, const value::Field* b) { return names.text(a->name) < names.text(b->name); });
        out += '{';
        open.push_back({v, 0, static_cast<uint32_t>(fields.size() - first), first, true});
      }
    } else if (v.is_array()) {
      const value::Array* a = v.as<value::Array>();
      if (a->size() == 0) out += "[]";
      else {
        out += '[';
        open.push_back({v, 0, a->size(), 0, false});
      }
    } else if (!scalar_text(m, v, out, opts, true)) {
      return false;
    }
    if (opts.sink && out.size() >= (size_t(1) << 20)) {
      std::fwrite(out.data(), 1, out.size(), opts.sink);
      out.clear();
    }
    // Find the next value to write, closing finished levels.
    while (true) {
      if (open.empty()) return true;
      JsonLevel& l = open.back();
      if (l.next == l.size) {
        if (l.record) fields.resize(l.first);
        bool record = l.record;
        open.pop_back();
        newline(open.size());
        out += record ? '}' : ']';
        continue;
      }
      if (l.next) out += ',';
      newline(open.size());
      if (l.record) {
        const value::Field* f = fields[l.first + l.next];
        json_string(out, names.text(f->name));
        out += pretty ? ": " : ":";
        v = f->value;
      } else {
        v = l.container.as<value::Array>()->data[l.next];
      }
      ++l.next;
      break;
    }
  }
}

} // namespace

bool serialize(Machine& m, Value v, Format format, std::string& out, const SerializeOptions& opts) {
  if (opts.sink && format == Format::Json) {
    bool ok = write_json(m, Machine::peek(v), out, opts);
    // A failure writes nothing more: only the pieces already streamed (of big outputs) are out.
    if (ok) {
      out += '\n';
      std::fwrite(out.data(), 1, out.size(), opts.sink);
    }
    out.clear();
    return ok;
  }
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
