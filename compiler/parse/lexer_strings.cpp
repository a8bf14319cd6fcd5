// The lexer inside strings (see lexer.h, scanner.h): the text, escapes and closing quote of
// "..." strings, the text of multiline and symbolic strings, whose opener's number of `%`
// decides what closes them and what starts an interpolation, and the interpolations `%{`
// ... `}`, lexed as code in between (with the `}` of plain braces, which close the same way).
// Like lexer.cpp, each function mirrors one mode of grammar/CairnLexer.g4.
#include "CairnParser.h"
#include "compiler/parse/char_class.h"
#include "compiler/parse/scanner.h"

namespace cairn::parse {

using P = cairn_gen::CairnParser;

void Scanner::open_interpolation(TokenType type, size_t begin, size_t end) {
  open_.push_back(
      {Frame::Interp, 0, static_cast<uint32_t>(begin), static_cast<uint32_t>(end), out_.size()});
  emit(type, begin, end);
}

// A `}` closes the innermost brace or interpolation; inside an interpolation the string
// it interrupted goes on.
void Scanner::close_brace(size_t begin) {
  emit(P::RBRACE, begin, begin + 1);
  if (open_.empty()) {
    out_.issues_.push_back({LexProblem::UnmatchedBrace, static_cast<uint32_t>(begin),
                            static_cast<uint32_t>(begin + 1)});
  } else if (open_.back().frame == Frame::Brace || open_.back().frame == Frame::Interp) {
    open_.pop_back();
  }
}

// Inside "...": text, escapes, `%{`, the closing quote.
void Scanner::string_text() {
  size_t b = p_;
  unsigned char c = at(p_);
  if (c == '"') {
    open_.pop_back();
    emit(P::STR_END, b, b + 1);
    p_ += 1;
    return;
  }
  if (c == '%') {
    if (at(p_ + 1) == '{' && has(p_ + 1)) {
      p_ += 2;
      open_interpolation(P::STR_INTERP, b, b + 2);
      return;
    }
    emit(P::STR_PCT, b, b + 1);
    p_ += 1;
    return;
  }
  if (c == '\\') {
    if (at(p_ + 1) == 'x' && has(p_ + 3) && is(at(p_ + 2), kHex) && is(at(p_ + 3), kHex)) {
      emit(P::STR_ESC_HEX, b, b + 4);
      p_ += 4;
      return;
    }
    size_t e = has(p_ + 1) ? b + 2 : b + 1;
    emit(P::STR_ESC, b, e);
    p_ = e;
    return;
  }
  while (has(p_) && at(p_) != '"' && at(p_) != '%' && at(p_) != '\\') ++p_;
  emit(P::STR_TEXT, b, p_);
}

// Inside m%"..."% and symbolic strings: the number of `%` of the opener decides what
// closes the string and what starts an interpolation.
void Scanner::multiline_text() {
  size_t b = p_;
  unsigned char c = at(p_);
  uint32_t percents = open_.back().percents;
  if (c == '"' || c == '%') {
    size_t i = c == '"' ? p_ + 1 : p_;
    while (at(i) == '%' && has(i)) ++i;
    size_t n = count_percents(b, i);
    bool brace = n > 0 && has(i) && at(i) == '{';
    if (brace) {
      size_t e = i + 1;
      p_ = e;
      if (n < percents)
        emit(P::MSTR_TEXT, b, e);
      else
        open_interpolation(P::MSTR_INTERP, b, e);
      return;
    }
    if (c == '"' && n > 0) {
      p_ = i;
      if (n < percents) {
        emit(P::MSTR_TEXT, b, i);
        return;
      }
      if (n > percents)
        out_.issues_.push_back(
            {LexProblem::DelimiterMismatch, static_cast<uint32_t>(b), static_cast<uint32_t>(i)});
      open_.pop_back();
      emit(P::MSTR_END, b, i);
      return;
    }
    if (c == '"') {
      emit(P::MSTR_QUOTE, b, b + 1);
      p_ = b + 1;
      return;
    }
    emit(P::MSTR_PCT, b, i);
    p_ = i;
    return;
  }
  while (has(p_) && at(p_) != '"' && at(p_) != '%') ++p_;
  emit(P::MSTR_TEXT, b, p_);
}
} // namespace cairn::parse
