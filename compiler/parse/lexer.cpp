// The hand-written lexer; see lexer.h: the main loop, which picks the mode from the stack
// of open delimiters, and the code mode (words and keywords, numbers, operators, brackets
// and the openers of strings). Inside strings it goes on in lexer_strings.cpp. Each function
// mirrors one mode of grammar/CairnLexer.g4 and follows ANTLR's rules: the longest match
// wins, and between matches of the same length the rule written first (keywords before
// identifiers).
#include "compiler/parse/lexer.h"

#include "CairnParser.h"
#include "compiler/parse/char_class.h"
#include "compiler/parse/scanner.h"

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
  auto single = [&](TokenType type) {
    emit(type, b, b + 1);
    p_ += 1;
  };
  auto pair = [&](TokenType type) {
    emit(type, b, b + 2);
    p_ += 2;
  };
  auto one_or_two = [&](char second, TokenType double_type, TokenType single_type) {
    if (two(second))
      pair(double_type);
    else
      single(single_type);
  };
  switch (c) {
  case '\'':
    if (two('"')) {
      open_.push_back({Frame::Str, 0, static_cast<uint32_t>(b), static_cast<uint32_t>(b + 2), 0});
      pair(P::QUOTED_ENUM_TAG_START);
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
    single(P::STR_START);
    return;
  case '[': one_or_two('|', P::ENUM_OPEN, P::LBRACKET); return;
  case '|':
    if (two(']')) {
      pair(P::ENUM_CLOSE);
      return;
    }
    if (two('>')) {
      pair(P::PIPE_GT);
      return;
    }
    one_or_two('|', P::OROR, P::PIPE);
    return;
  case '{':
    open_.push_back(
        {Frame::Brace, 0, static_cast<uint32_t>(b), static_cast<uint32_t>(b + 1), out_.size()});
    single(P::LBRACE);
    return;
  case '}':
    close_brace(b);
    p_ += 1;
    return;
  case ']': single(P::RBRACKET); return;
  case '(': single(P::LPAREN); return;
  case ')': single(P::RPAREN); return;
  case '.': one_or_two('.', P::ELLIPSIS, P::DOT); return;
  case ',': single(P::COMMA); return;
  case ';': single(P::SEMI); return;
  case ':': single(P::COLON); return;
  case '?': single(P::QUESTION); return;
  case '=':
    if (two('>')) {
      pair(P::FAT_ARROW);
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
  case '*': single(P::STAR); return;
  case '/': single(P::SLASH); return;
  case '%': single(P::PERCENT); return;
  case '@': single(P::AT); return;
  case '_': single(P::UNDERSCORE); return;
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

TokenArray lex_tokens(std::string_view text) {
  return Scanner(text).run();
}

TokenArray lex(std::string_view text) {
  TokenArray tokens = lex_tokens(text);
  match_brackets(tokens);
  return tokens;
}

} // namespace cairn::parse
