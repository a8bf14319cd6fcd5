// Character classes of the lexer (lexer.cpp, lexer_strings.cpp) and of the token-end
// recomputation (token_end.cpp), which must agree byte for byte.
#pragma once

#include <cstdint>

namespace cairn::parse {

enum CharClass : uint8_t { kLetter = 1, kDigit = 2, kIdentRest = 4, kHex = 8, kSpace = 16 };

struct CharClasses {
  uint8_t c[256] = {};
  constexpr CharClasses() {
    for (int i = 'a'; i <= 'z'; ++i) c[i] |= kLetter | kIdentRest;
    for (int i = 'A'; i <= 'Z'; ++i) c[i] |= kLetter | kIdentRest;
    for (int i = '0'; i <= '9'; ++i) c[i] |= kDigit | kIdentRest | kHex;
    for (int i = 'a'; i <= 'f'; ++i) c[i] |= kHex;
    for (int i = 'A'; i <= 'F'; ++i) c[i] |= kHex;
    c[static_cast<int>('_')] |= kIdentRest;
    c[static_cast<int>('-')] |= kIdentRest;
    c[static_cast<int>('\'')] |= kIdentRest;
    c[static_cast<int>(' ')] |= kSpace;
    c[static_cast<int>('\t')] |= kSpace;
    c[static_cast<int>('\r')] |= kSpace;
    c[static_cast<int>('\n')] |= kSpace;
  }
};
inline constexpr CharClasses kCharClasses;

inline bool is(unsigned char ch, CharClass k) {
  return (kCharClasses.c[ch] & k) != 0;
}

// The end of the decimal number starting at `b` (NUM_DEC of the grammar), or b if none.
template <typename At> uint32_t decimal_end(At at, uint32_t b, uint32_t size) {
  uint32_t i = b;
  while (i < size && is(at(i), kDigit)) ++i;
  if (i < size && at(i) == '.' && i + 1 < size && is(at(i + 1), kDigit)) {
    i += 1;
    while (i < size && is(at(i), kDigit)) ++i;
  }
  if (i == b) return b;
  if (i < size && (at(i) == 'e' || at(i) == 'E')) {
    uint32_t j = i + 1;
    if (j < size && (at(j) == '+' || at(j) == '-')) ++j;
    if (j < size && is(at(j), kDigit)) {
      while (j < size && is(at(j), kDigit)) ++j;
      i = j;
    }
  }
  return i;
}

} // namespace cairn::parse
