// Strings and grapheme clusters; see string.h.
#include "compiler/value/string.h"

#include <utf8proc.h>

#include <cstring>

namespace cairn::value::str {

String* alloc(Arena& arena, uint32_t size) {
  String* s = static_cast<String*>(arena.alloc(sizeof(String) + size + 1));
  s->h = Obj{ObjKind::String, 0, 0, size};
  s->data()[size] = 0;
  return s;
}

Value finish(String* s) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s->data());
  uint32_t n = s->size(), i = 0;
  // Eight bytes at a time: a byte with its high bit set, or a byte equal to '\r' (a zero
  // byte of w ^ 0x0d0d...), makes the string not simple.
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  bool simple = true;
  for (; simple && i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    uint64_t cr = w ^ (kOnes * '\r');
    if ((w & kHigh) || ((cr - kOnes) & ~cr & kHigh)) simple = false;
  }
  for (; simple && i < n; ++i)
    if (p[i] >= 0x80 || p[i] == '\r') simple = false;
  return finish_as(s, simple);
}

Value finish_as(String* s, bool simple) {
  s->h.flags = simple ? String::kAsciiFlag : 0;
  return Value::object(s);
}

Value make(Arena& arena, std::string_view text) {
  String* s = alloc(arena, static_cast<uint32_t>(text.size()));
  if (!text.empty()) std::memcpy(s->data(), text.data(), text.size());
  return finish(s);
}

std::vector<uint32_t> grapheme_boundaries(std::string_view text) {
  std::vector<uint32_t> out;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  utf8proc_ssize_t n = static_cast<utf8proc_ssize_t>(text.size());
  utf8proc_ssize_t i = 0;
  utf8proc_int32_t prev = -1;
  utf8proc_int32_t state = 0;
  while (i < n) {
    utf8proc_int32_t c;
    utf8proc_ssize_t len = utf8proc_iterate(p + i, n - i, &c);
    if (len <= 0) { // invalid byte: a cluster of its own
      out.push_back(static_cast<uint32_t>(i));
      prev = -1;
      state = 0;
      ++i;
      continue;
    }
    if (prev < 0 || utf8proc_grapheme_break_stateful(prev, c, &state)) out.push_back(static_cast<uint32_t>(i));
    prev = c;
    i += len;
  }
  out.push_back(static_cast<uint32_t>(text.size()));
  return out;
}

uint32_t grapheme_count(const String* s) {
  if (s->simple()) return s->size();
  return static_cast<uint32_t>(grapheme_boundaries(s->view()).size() - 1);
}

bool valid_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  utf8proc_ssize_t n = static_cast<utf8proc_ssize_t>(text.size());
  for (utf8proc_ssize_t i = 0; i < n;) {
    utf8proc_int32_t c;
    utf8proc_ssize_t len = utf8proc_iterate(p + i, n - i, &c);
    if (len <= 0) return false;
    i += len;
  }
  return true;
}

} // namespace cairn::value::str
