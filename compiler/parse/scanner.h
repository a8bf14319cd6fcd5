// The hand-written lexer's state, shared by its two files: lexer.cpp (code: words,
// numbers, operators and brackets) and lexer_strings.cpp (the text of strings and the
// interpolations that open and close in it). Internal to parse/; the interface is lexer.h.
//
// The scanner reads the bytes once, left to right, and appends to the TokenArray it owns;
// `run` hands the array out when the input is consumed (a Scanner lexes one text once).
#pragma once

#include "compiler/parse/lexer.h"

namespace cairn::parse {

// The lexer's state: the position, and the stack of open delimiters that decides the mode
// (LexerBase's frames in the ANTLR lexer).
class Scanner {
public:
  explicit Scanner(std::string_view text) : s_(text) { out_.text_ = text; }

  TokenArray run();

private:
  enum class Frame : uint8_t { Brace, Interp, Str, MStr };
  struct Open {
    Frame frame;
    uint32_t percents;
    uint32_t begin;
    uint32_t end;
    uint32_t token; // index of the opening token (Brace, Interp)
  };

  unsigned char at(size_t i) const { return i < s_.size() ? static_cast<unsigned char>(s_[i]) : 0; }
  bool has(size_t i) const { return i < s_.size(); }
  // `end` is where the token ends; the array recomputes it (token_end.cpp).
  void emit(TokenType type, size_t begin, size_t /*end*/) {
    out_.push(type, static_cast<uint32_t>(begin));
  }
  void code();
  void string_text();
  void multiline_text();
  void open_interpolation(TokenType type, size_t begin, size_t end);
  void close_brace(size_t begin);
  void word();
  bool number();
  size_t count_percents(size_t from, size_t to) const {
    size_t n = 0;
    for (size_t i = from; i < to; ++i) n += s_[i] == '%';
    return n;
  }

  std::string_view s_;
  size_t p_ = 0;
  std::vector<Open> open_;
  TokenArray out_;
};

} // namespace cairn::parse
