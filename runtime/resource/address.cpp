// Resource addresses; see address.h.
#include "runtime/resource/address.h"

#include "compiler/base/quote.h"

#include <fmt/core.h>

#include "runtime/resource/value.h"

namespace cairn::resource {

namespace {

bool ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool ident_char(char c) { return ident_start(c) || (c >= '0' && c <= '9') || c == '\'' || c == '-'; }

bool is_keyword(std::string_view s) {
  static constexpr std::string_view kKeywords[] = {
      "let", "in", "fun", "if", "then", "else", "match", "import", "rec", "null", "true",
      "false", "forall", "default", "force", "optional", "priority", "doc", "not_exported",
      "include", "as", "Dyn", "Number", "Bool", "String", "Array"};
  for (std::string_view k : kKeywords)
    if (s == k) return true;
  return false;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

} // namespace

bool is_plain_segment(std::string_view name) {
  if (name.empty() || !ident_start(name[0])) return false;
  for (char c : name)
    if (!ident_char(c)) return false;
  return !is_keyword(name);
}

std::string address_from_segments(const std::vector<std::string>& segments) {
  std::string out;
  for (const std::string& s : segments) {
    if (!out.empty()) out += '.';
    out += is_plain_segment(s) ? s : base::quoted(s);
  }
  return out;
}

std::optional<std::vector<std::string>> parse_address(std::string_view text, std::string* why) {
  std::vector<std::string> segments;
  size_t i = 0;
  auto fail = [&](std::string message) -> std::optional<std::vector<std::string>> {
    if (why) *why = std::move(message);
    return std::nullopt;
  };
  if (text.empty()) return fail("the address is empty");
  while (true) {
    if (i >= text.size()) return fail("the address ends with `.`");
    std::string seg;
    if (text[i] == '"') {
      ++i;
      bool closed = false;
      while (i < text.size()) {
        char c = text[i++];
        if (c == '"') {
          closed = true;
          break;
        }
        if (c != '\\') {
          seg += c;
          continue;
        }
        if (i >= text.size()) break;
        char e = text[i++];
        switch (e) {
        case 'n': seg += '\n'; break;
        case 't': seg += '\t'; break;
        case 'r': seg += '\r'; break;
        case '"': seg += '"'; break;
        case '\\': seg += '\\'; break;
        case 'u': {
          // \u{hex}: only single bytes are produced by `quote`; accept ASCII.
          size_t close = text.find('}', i);
          if (i >= text.size() || text[i] != '{' || close == std::string_view::npos)
            return fail("malformed `\\u{...}` escape in the address");
          unsigned v = 0;
          for (size_t k = i + 1; k < close; ++k) {
            int h = hex_value(text[k]);
            if (h < 0) return fail("malformed `\\u{...}` escape in the address");
            v = v * 16 + static_cast<unsigned>(h);
          }
          if (v > 0x7f) return fail("`\\u{...}` escapes in addresses must be ASCII");
          seg += static_cast<char>(v);
          i = close + 1;
          break;
        }
        default: return fail(fmt::format("unknown escape `\\{}` in the address", e));
        }
      }
      if (!closed) return fail("unterminated quoted segment in the address");
    } else {
      size_t start = i;
      while (i < text.size() && text[i] != '.') ++i;
      seg = std::string(text.substr(start, i - start));
      if (seg.empty()) return fail("the address has an empty segment");
      if (!ident_start(seg[0])) return fail(fmt::format("`{}` must be quoted in an address", seg));
      for (char c : seg)
        if (!ident_char(c)) return fail(fmt::format("`{}` must be quoted in an address", seg));
    }
    segments.push_back(std::move(seg));
    if (i == text.size()) break;
    if (text[i] != '.') return fail("expected `.` after a quoted segment");
    ++i;
  }
  return segments;
}

std::optional<std::string> normalize_address(std::string_view text, std::string* why) {
  auto segs = parse_address(text, why);
  if (!segs) return std::nullopt;
  return address_from_segments(*segs);
}

std::string address_to_file_stem(std::string_view address) {
  std::string out;
  for (unsigned char c : address) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '.' || c == '_' || c == '-';
    if (keep) {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  // `.` and `..` are not file names; a leading dot would hide the file.
  if (!out.empty() && out[0] == '.') out = "%2E" + out.substr(1);
  return out;
}

std::optional<std::string> file_stem_to_address(std::string_view stem) {
  std::string out;
  for (size_t i = 0; i < stem.size(); ++i) {
    if (stem[i] != '%') {
      out += stem[i];
      continue;
    }
    if (i + 2 >= stem.size()) return std::nullopt;
    int hi = hex_value(stem[i + 1]);
    int lo = hex_value(stem[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

} // namespace cairn::resource
