// Lexer mode bookkeeping and compact tokens; see lexer_base.h.
#include "compiler/parse/lexer_base.h"

namespace cairn::parse {

std::string CompactToken::getText() const {
  if (getType() == antlr4::Token::EOF) return "<EOF>";
  if (stop_ < start_ || !source_) return "";
  return source_->getInputStream()->getText(
      antlr4::misc::Interval(static_cast<size_t>(start_), static_cast<size_t>(stop_)));
}

antlr4::Token* LexerBase::emit() {
  auto token = std::make_unique<CompactToken>(
      static_cast<uint32_t>(type), static_cast<uint32_t>(tokenStartCharIndex),
      static_cast<uint32_t>(getCharIndex() - 1), static_cast<uint8_t>(channel), this);
  antlr4::Token* raw = token.get();
  Lexer::emit(std::move(token));
  return raw;
}

antlr4::Token* LexerBase::emitEOF() {
  for (const Open& o : open_) {
    if (o.frame == Frame::Str) issues_.push_back({LexProblem::UnterminatedString, o.begin, o.end});
    if (o.frame == Frame::MStr)
      issues_.push_back({LexProblem::UnterminatedMultiline, o.begin, o.end});
  }
  open_.clear();
  uint32_t at = static_cast<uint32_t>(_input->index());
  auto token =
      std::make_unique<CompactToken>(static_cast<uint32_t>(antlr4::Token::EOF), at, at - 1,
                                     static_cast<uint8_t>(antlr4::Token::DEFAULT_CHANNEL), this);
  antlr4::Token* raw = token.get();
  Lexer::emit(std::move(token));
  return raw;
}

uint32_t LexerBase::count_percents() const {
  uint32_t n = 0;
  std::string text =
      _input->getText(antlr4::misc::Interval(tokenStartCharIndex, _input->index() - 1));
  for (char c : text)
    if (c == '%') ++n;
  return n;
}

LexerBase::Open* LexerBase::innermost_mstr() {
  for (auto it = open_.rbegin(); it != open_.rend(); ++it)
    if (it->frame == Frame::MStr) return &*it;
  return nullptr;
}

void LexerBase::enterString() {
  open_.push_back({Frame::Str, 0, token_begin(), token_end()});
}

void LexerBase::leaveString() {
  if (!open_.empty() && open_.back().frame == Frame::Str) open_.pop_back();
}

void LexerBase::enterMultiline() {
  open_.push_back({Frame::MStr, count_percents(), token_begin(), token_end()});
}

void LexerBase::openBrace() {
  open_.push_back({Frame::Brace, 0, token_begin(), token_end()});
}

void LexerBase::closeBrace() {
  if (open_.empty()) {
    issues_.push_back({LexProblem::UnmatchedBrace, token_begin(), token_end()});
    return;
  }
  Frame f = open_.back().frame;
  if (f == Frame::Brace) {
    open_.pop_back();
  } else if (f == Frame::Interp) {
    open_.pop_back();
    if (modeStack.size() > 0) popMode();
  }
}

void LexerBase::openInterpolation() {
  open_.push_back({Frame::Interp, 0, token_begin(), token_end()});
  pushMode(antlr4::Lexer::DEFAULT_MODE);
}

void LexerBase::candidateEnd(size_t end_type, size_t text_type) {
  Open* m = open_.empty() || open_.back().frame != Frame::MStr ? nullptr : &open_.back();
  uint32_t n = count_percents();
  if (!m || n < m->percents) {
    setType(text_type);
    return;
  }
  if (n > m->percents)
    issues_.push_back({LexProblem::DelimiterMismatch, token_begin(), token_end()});
  setType(end_type);
  open_.pop_back();
  if (modeStack.size() > 0) popMode();
}

void LexerBase::candidateInterpolation(size_t interp_type, size_t text_type) {
  Open* m = open_.empty() || open_.back().frame != Frame::MStr ? nullptr : &open_.back();
  if (!m || count_percents() < m->percents) {
    setType(text_type);
    return;
  }
  setType(interp_type);
  openInterpolation();
}

} // namespace cairn::parse
