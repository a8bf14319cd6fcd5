// The streaming JSON writer; see json_writer.h.
#include "runtime/resource/json_writer.h"

#include <fmt/core.h>

namespace cairn::resource {

namespace {
// Length of the valid UTF-8 sequence at s[i], or 0 when invalid.
size_t utf8_length(std::string_view s, size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return 0;
  if (n == 2 && c < 0xC2) return 0;
  if (n == 3) {
    auto c1 = static_cast<unsigned char>(s[i + 1]);
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) return 0;
  }
  if (n == 4) {
    auto c1 = static_cast<unsigned char>(s[i + 1]);
    if ((c == 0xF0 && c1 < 0x90) || c > 0xF4 || (c == 0xF4 && c1 >= 0x90)) return 0;
  }
  return n;
}
} // namespace

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  size_t i = 0;
  while (i < s.size()) {
    // Runs of printable ASCII that need no escape are copied at once.
    size_t run = i;
    while (run < s.size()) {
      auto r = static_cast<unsigned char>(s[run]);
      if (r < 0x20 || r >= 0x80 || r == '"' || r == '\\') break;
      ++run;
    }
    if (run > i) {
      out.append(s.data() + i, run - i);
      i = run;
      continue;
    }
    auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
    case '"': out += "\\\""; ++i; continue;
    case '\\': out += "\\\\"; ++i; continue;
    case '\b': out += "\\b"; ++i; continue;
    case '\f': out += "\\f"; ++i; continue;
    case '\n': out += "\\n"; ++i; continue;
    case '\r': out += "\\r"; ++i; continue;
    case '\t': out += "\\t"; ++i; continue;
    default: break;
    }
    if (c < 0x20) {
      out += fmt::format("\\u{:04x}", c);
      ++i;
      continue;
    }
    size_t n = utf8_length(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    out.append(s.data() + i, n);
    i += n;
  }
  out += '"';
}

void JsonWriter::newline() {
  if (compact_) return;
  out_ += '\n';
  out_.append(levels_.size() * 2, ' ');
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (levels_.empty()) return;
  if (!levels_.back().empty) out_ += ',';
  levels_.back().empty = false;
  newline();
}

void JsonWriter::key(std::string_view k) {
  before_value();
  append_json_string(out_, k);
  out_ += compact_ ? ":" : ": ";
  after_key_ = true;
}

void JsonWriter::open(char c) {
  before_value();
  out_ += c;
  levels_.push_back({});
}

void JsonWriter::close(char c) {
  bool empty = levels_.back().empty;
  levels_.pop_back();
  if (!empty) newline();
  out_ += c;
}

void JsonWriter::string(std::string_view s) {
  before_value();
  append_json_string(out_, s);
}

void JsonWriter::boolean(bool b) {
  before_value();
  out_ += b ? "true" : "false";
}

void JsonWriter::integer(int64_t i) {
  before_value();
  out_ += std::to_string(i);
}

void JsonWriter::null() {
  before_value();
  out_ += "null";
}

void JsonWriter::strings(const std::vector<std::string>& list) {
  begin_array();
  for (const std::string& s : list) string(s);
  end_array();
}

void JsonWriter::value(const Value& v) {
  switch (v.kind()) {
  case ValueKind::Null:
  case ValueKind::Unknown: null(); return;
  case ValueKind::Bool: boolean(v.as_bool()); return;
  case ValueKind::Number:
    before_value();
    out_ += v.number_text();
    return;
  case ValueKind::String: string(v.as_string()); return;
  case ValueKind::Array:
    begin_array();
    for (const Value& e : v.as_array()) value(e);
    end_array();
    return;
  case ValueKind::Object:
    begin_object();
    for (const Member& m : v.as_object()) {
      key(m.first);
      value(m.second);
    }
    end_object();
    return;
  }
}

void JsonWriter::unknown_mask(const Value& v) {
  switch (v.kind()) {
  case ValueKind::Unknown: boolean(true); return;
  case ValueKind::Array:
    begin_array();
    for (const Value& e : v.as_array()) unknown_mask(e);
    end_array();
    return;
  case ValueKind::Object:
    begin_object();
    for (const Member& m : v.as_object()) {
      if (!m.second.has_unknown()) continue;
      key(m.first);
      unknown_mask(m.second);
    }
    end_object();
    return;
  case ValueKind::Null:
  case ValueKind::Bool:
  case ValueKind::Number:
  case ValueKind::String: boolean(false); return;
  }
}

} // namespace cairn::resource
