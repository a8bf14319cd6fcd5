// The hand-written lexer; see lexer.h. Each function mirrors one mode of
// grammar/CairnLexer.g4 and follows ANTLR's rules: the longest match wins, and between
// matches of the same length the rule written first (keywords before identifiers).
#include "compiler/parse/lexer.h"

#include "CairnParser.h"
#include "compiler/parse/char_class.h"

namespace cairn::parse {

using P = cairn_gen::CairnParser;

namespace {

struct Keyword {
  std::string_view text;
  TokenType type;
};
constexpr Keyword kKeywords[] = {
    {"let", P::LET},
    {"rec", P::REC},
    {"in", P::IN},
    {"fun", P::FUN},
    {"if", P::IF},
    {"then", P::THEN},
    {"else", P::ELSE},
    {"match", P::MATCH},
    {"import", P::IMPORT},
    {"forall", P::FORALL},
    {"null", P::NULL_LIT},
    {"true", P::TRUE_LIT},
    {"false", P::FALSE_LIT},
    {"Dyn", P::DYN},
    {"Number", P::NUMBER_T},
    {"Bool", P::BOOL_T},
    {"String", P::STRING_T},
    {"Array", P::ARRAY_T},
    {"default", P::DEFAULT},
    {"force", P::FORCE},
    {"priority", P::PRIORITY},
    {"optional", P::OPTIONAL},
    {"not_exported", P::NOT_EXPORTED},
    {"doc", P::DOC},
    {"or", P::OR},
    {"as", P::AS},
    {"include", P::INCLUDE},
};

TokenType keyword_or_ident(std::string_view word) {
  // Keywords are 2 to 12 lowercase or capitalised letters (and `_`).
  if (word.size() < 2 || word.size() > 12) return P::IDENT;
  for (const Keyword& k : kKeywords)
    if (k.text.size() == word.size() && k.text[0] == word[0] && k.text == word) return k.type;
  return P::IDENT;
}

} // namespace

bool TokenArray::is_opener(TokenType t) {
  return t == P::LBRACE || t == P::LBRACKET || t == P::LPAREN || t == P::ENUM_OPEN ||
         t == P::STR_INTERP || t == P::MSTR_INTERP;
}

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

TokenArray Scanner::run() {
  out_.type_.reserve(s_.size() / 4 + 16);
  out_.begin_.reserve(s_.size() / 4 + 16);
  if (s_.substr(0, 3) == "\xEF\xBB\xBF") p_ = 3;
  while (p_ < s_.size()) {
    Frame f = open_.empty() ? Frame::Brace : open_.back().frame;
    if (f == Frame::Str)
      string_text();
    else if (f == Frame::MStr)
      multiline_text();
    else
      code();
  }
  for (const Open& o : open_) {
    if (o.frame == Frame::Str)
      out_.issues_.push_back({LexProblem::UnterminatedString, o.begin, o.end});
    if (o.frame == Frame::MStr)
      out_.issues_.push_back({LexProblem::UnterminatedMultiline, o.begin, o.end});
  }
  return std::move(out_);
}

void Scanner::open_interpolation(TokenType type, size_t begin, size_t end) {
  open_.push_back(
      {Frame::Interp, 0, static_cast<uint32_t>(begin), static_cast<uint32_t>(end), out_.size()});
  emit(type, begin, end);
}

void Scanner::close_brace(size_t begin) {
  emit(P::RBRACE, begin, begin + 1);
  if (open_.empty()) {
    out_.issues_.push_back({LexProblem::UnmatchedBrace, static_cast<uint32_t>(begin),
                            static_cast<uint32_t>(begin + 1)});
  } else if (open_.back().frame == Frame::Brace || open_.back().frame == Frame::Interp) {
    open_.pop_back();
  }
}

void Scanner::code() {
  unsigned char c = at(p_);
  size_t b = p_;
  if (is(c, kSpace)) {
    while (has(p_) && is(at(p_), kSpace)) ++p_;
    return;
  }
  if (c == '#') {
    while (has(p_) && at(p_) != '\n') ++p_;
    out_.comments_.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(p_)});
    return;
  }
  if (is(c, kLetter) || (c == '_' && [&] {
        size_t i = p_;
        while (at(i) == '_') ++i;
        return has(i) && is(at(i), kLetter);
      }())) {
    word();
    return;
  }
  if (is(c, kDigit) || (c == '.' && has(p_ + 1) && is(at(p_ + 1), kDigit))) {
    if (number()) return;
  }
  auto two = [&](char second) {
    return has(p_ + 1) && at(p_ + 1) == static_cast<unsigned char>(second);
  };
  auto one_or_two = [&](char second, TokenType double_type, TokenType single_type) {
    if (two(second)) {
      emit(double_type, b, b + 2);
      p_ += 2;
    } else {
      emit(single_type, b, b + 1);
      p_ += 1;
    }
  };
  switch (c) {
  case '\'':
    if (two('"')) {
      open_.push_back({Frame::Str, 0, static_cast<uint32_t>(b), static_cast<uint32_t>(b + 2), 0});
      emit(P::QUOTED_ENUM_TAG_START, b, b + 2);
      p_ += 2;
      return;
    }
    {
      size_t i = p_ + 1;
      while (at(i) == '_') ++i;
      if (has(i) && is(at(i), kLetter)) {
        ++i;
        while (has(i) && is(at(i), kIdentRest)) ++i;
        emit(P::RAW_ENUM_TAG, b, i);
        p_ = i;
        return;
      }
    }
    break;
  case '"':
    open_.push_back({Frame::Str, 0, static_cast<uint32_t>(b), static_cast<uint32_t>(b + 1), 0});
    emit(P::STR_START, b, b + 1);
    p_ += 1;
    return;
  case '[': one_or_two('|', P::ENUM_OPEN, P::LBRACKET); return;
  case '|':
    if (two(']')) {
      emit(P::ENUM_CLOSE, b, b + 2);
      p_ += 2;
      return;
    }
    if (two('>')) {
      emit(P::PIPE_GT, b, b + 2);
      p_ += 2;
      return;
    }
    one_or_two('|', P::OROR, P::PIPE);
    return;
  case '{':
    open_.push_back(
        {Frame::Brace, 0, static_cast<uint32_t>(b), static_cast<uint32_t>(b + 1), out_.size()});
    emit(P::LBRACE, b, b + 1);
    p_ += 1;
    return;
  case '}':
    close_brace(b);
    p_ += 1;
    return;
  case ']':
    emit(P::RBRACKET, b, b + 1);
    p_ += 1;
    return;
  case '(':
    emit(P::LPAREN, b, b + 1);
    p_ += 1;
    return;
  case ')':
    emit(P::RPAREN, b, b + 1);
    p_ += 1;
    return;
  case '.': one_or_two('.', P::ELLIPSIS, P::DOT); return;
  case ',':
    emit(P::COMMA, b, b + 1);
    p_ += 1;
    return;
  case ';':
    emit(P::SEMI, b, b + 1);
    p_ += 1;
    return;
  case ':':
    emit(P::COLON, b, b + 1);
    p_ += 1;
    return;
  case '?':
    emit(P::QUESTION, b, b + 1);
    p_ += 1;
    return;
  case '=':
    if (two('>')) {
      emit(P::FAT_ARROW, b, b + 2);
      p_ += 2;
      return;
    }
    one_or_two('=', P::EQEQ, P::EQ);
    return;
  case '-': one_or_two('>', P::ARROW, P::MINUS); return;
  case '&': one_or_two('&', P::ANDAND, P::AMP); return;
  case '!': one_or_two('=', P::NEQ, P::BANG); return;
  case '<': one_or_two('=', P::LE, P::LT); return;
  case '>': one_or_two('=', P::GE, P::GT); return;
  case '+': one_or_two('+', P::PLUSPLUS, P::PLUS); return;
  case '*':
    emit(P::STAR, b, b + 1);
    p_ += 1;
    return;
  case '/':
    emit(P::SLASH, b, b + 1);
    p_ += 1;
    return;
  case '%':
    emit(P::PERCENT, b, b + 1);
    p_ += 1;
    return;
  case '@':
    emit(P::AT, b, b + 1);
    p_ += 1;
    return;
  case '_':
    emit(P::UNDERSCORE, b, b + 1);
    p_ += 1;
    return;
  default: break;
  }
  // BAD_CHAR: a run of bytes >= 0x80, or any other single byte.
  if (c >= 0x80) {
    while (has(p_) && at(p_) >= 0x80) ++p_;
  } else {
    ++p_;
  }
  emit(P::BAD_CHAR, b, p_);
}

// Identifiers, keywords, `m%"` and `foo-s%"` openers.
void Scanner::word() {
  size_t b = p_;
  size_t i = p_;
  while (at(i) == '_') ++i;
  ++i; // the letter
  while (has(i) && is(at(i), kIdentRest)) ++i;
  std::string_view run = s_.substr(b, i - b);
  // `%+"` after the run makes a multiline or symbolic string opener, which is longer.
  size_t pct = i;
  while (at(pct) == '%') ++pct;
  bool opener = pct > i && at(pct) == '"';
  if (opener && run == "m") {
    open_.push_back({Frame::MStr, static_cast<uint32_t>(pct - i), static_cast<uint32_t>(b),
                     static_cast<uint32_t>(pct + 1), 0});
    emit(P::MSTR_START, b, pct + 1);
    p_ = pct + 1;
    return;
  }
  if (opener && run.size() >= 3 && run[0] != '_' && run.substr(run.size() - 2) == "-s") {
    open_.push_back({Frame::MStr, static_cast<uint32_t>(pct - i), static_cast<uint32_t>(b),
                     static_cast<uint32_t>(pct + 1), 0});
    emit(P::SYM_STR_START, b, pct + 1);
    p_ = pct + 1;
    return;
  }
  emit(keyword_or_ident(run), b, i);
  p_ = i;
}

// Numbers; false when the text at p_ is not one (a lone `.` handled by the caller).
bool Scanner::number() {
  size_t b = p_;
  if (at(b) == '0' && (at(b + 1) == 'x' || at(b + 1) == 'o' || at(b + 1) == 'b')) {
    char kind = static_cast<char>(at(b + 1));
    size_t i = b + 2;
    auto ok = [&](unsigned char ch) {
      if (kind == 'x') return is(ch, kHex);
      if (kind == 'o') return ch >= '0' && ch <= '7';
      return ch == '0' || ch == '1';
    };
    while (has(i) && ok(at(i))) ++i;
    if (i > b + 2) {
      emit(kind == 'x' ? P::NUM_HEX : kind == 'o' ? P::NUM_OCT : P::NUM_BIN, b, i);
      p_ = i;
      return true;
    }
  }
  size_t i = decimal_end([this](uint32_t k) { return at(k); }, static_cast<uint32_t>(b),
                         static_cast<uint32_t>(s_.size()));
  if (i == b) return false;
  emit(P::NUM_DEC, b, i);
  p_ = i;
  return true;
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

TokenArray lex_tokens(std::string_view text) {
  return Scanner(text).run();
}

TokenArray lex(std::string_view text) {
  TokenArray tokens = lex_tokens(text);
  match_brackets(tokens);
  return tokens;
}

} // namespace cairn::parse
