// Escapes and multiline indentation; see string_literal.h.
#include "compiler/parse/string_literal.h"

#include <limits>
#include <utf8proc.h>

namespace cairn::parse {

namespace {

uint32_t min_indent(const std::vector<Chunk>& chunks) {
  uint32_t min = std::numeric_limits<uint32_t>::max();
  uint32_t current = 0;
  bool start_line = true;
  for (const Chunk& c : chunks) {
    if (c.is_expr) {
      if (start_line) {
        if (current < min) min = current;
        start_line = false;
      }
      continue;
    }
    for (char ch : c.text) {
      if ((ch == ' ' || ch == '\t') && start_line) {
        ++current;
      } else if (ch == '\n') {
        current = 0;
        start_line = true;
      } else if (start_line) {
        if (current < min) min = current;
        start_line = false;
      }
    }
  }
  return min;
}

bool all_blank(std::string_view s) {
  for (char c : s)
    if (c != ' ' && c != '\t') return false;
  return true;
}

} // namespace

void strip_indent(std::vector<Chunk>& chunks) {
  if (chunks.empty()) return;
  uint32_t min = min_indent(chunks);
  uint32_t current = 0;
  bool start_line = true;
  std::vector<size_t> unindent;
  size_t expr_on_line = SIZE_MAX;
  for (size_t index = 0; index < chunks.size(); ++index) {
    Chunk& c = chunks[index];
    if (c.is_expr) {
      if (start_line) {
        c.indent = current >= min ? current - min : 0;
        start_line = false;
        expr_on_line = index;
      } else if (expr_on_line != SIZE_MAX) {
        unindent.push_back(expr_on_line);
        expr_on_line = SIZE_MAX;
      }
      continue;
    }
    std::string buffer;
    for (char ch : c.text) {
      if ((ch == ' ' || ch == '\t') && start_line && current < min) {
        ++current;
      } else if ((ch == ' ' || ch == '\t') && start_line) {
        ++current;
        buffer += ch;
      } else if (ch == '\n') {
        current = 0;
        start_line = true;
        expr_on_line = SIZE_MAX;
        buffer += ch;
      } else {
        start_line = false;
        buffer += ch;
      }
    }
    if (index == 0) {
      size_t nl = buffer.find('\n');
      if (nl != std::string::npos && all_blank(std::string_view(buffer).substr(0, nl)))
        buffer.erase(0, nl + 1);
    }
    if (index == chunks.size() - 1) {
      size_t nl = buffer.rfind('\n');
      if (nl != std::string::npos && all_blank(std::string_view(buffer).substr(nl + 1)))
        buffer.resize(nl);
    }
    c.text = std::move(buffer);
  }
  for (size_t i : unindent) chunks[i].indent = 0;
}

std::optional<char> decode_escape(char c) {
  switch (c) {
  case '\'': return '\'';
  case '"': return '"';
  case '\\': return '\\';
  case '%': return '%';
  case 'n': return '\n';
  case 'r': return '\r';
  case 't': return '\t';
  default: return std::nullopt;
  }
}

void append_normalized(std::string& out, std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      ++i;
      continue;
    }
    if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    utf8proc_int32_t cp = 0;
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
                              static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
    if (n <= 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(text.data() + i, static_cast<size_t>(n));
      i += static_cast<size_t>(n);
    }
  }
}

} // namespace cairn::parse
