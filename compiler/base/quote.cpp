// String literals of the language; see quote.h.
#include "compiler/base/quote.h"

namespace cairn::base {

void append_quoted(std::string& out, std::string_view text) {
  static const char* digits = "0123456789abcdef";
  out += '"';
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    case '%':
      if (i + 1 < text.size() && text[i + 1] == '{') out += '\\';
      out += '%';
      break;
    default:
      if (c < 0x20 || c == 0x7f) {
        out += "\\x";
        out += digits[c >> 4];
        out += digits[c & 15];
      } else {
        out += static_cast<char>(c);
      }
    }
  }
  out += '"';
}

} // namespace cairn::base
