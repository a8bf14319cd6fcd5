// The token window; see token_window.h.
#include "compiler/parse/token_window.h"

#include "CairnParser.h"

namespace cairn::parse {

using P = cairn_gen::CairnParser;

std::string WindowToken::getText() const {
  if (type_ == kNone) return "<EOF>";
  if (end_ <= start_ || end_ > source_.size()) return "";
  return std::string(source_.substr(start_, end_ - start_));
}

bool is_hole(const TokenArray& tokens, uint32_t i) {
  TokenType t = tokens.type(i);
  if (t != P::LBRACE && t != P::LBRACKET) return false;
  if (tokens.match(i) == TokenArray::kNoMatch) return false;
  TokenType before = i > 0 ? tokens.type(i - 1) : 0;
  if (t == P::LBRACE) {
    if (before == P::MATCH) return false;                                           // match { ... }
    if (i + 1 < tokens.size() && tokens.type(i + 1) == P::UNDERSCORE) return false; // {_ : T}
    return true;
  }
  return before != P::INCLUDE; // include [a, b]
}

void TokenWindow::reset(uint32_t begin, uint32_t end, bool holes, bool open_first) {
  toks_.clear();
  p_ = 0;
  end_ = end;
  std::string_view src = tokens_.source();
  uint32_t i = begin;
  while (i < end) {
    uint32_t index = static_cast<uint32_t>(toks_.size());
    if (holes && !(open_first && i == begin) && is_hole(tokens_, i)) {
      uint32_t close = tokens_.match(i);
      toks_.emplace_back(P::HOLE, tokens_.begin(i), tokens_.end(close), index, i, src);
      i = close + 1;
      continue;
    }
    toks_.emplace_back(tokens_.type(i), tokens_.begin(i), tokens_.end(i), index, i, src);
    ++i;
  }
  // The end token sits where the next real token starts, or at the end of the source.
  uint32_t at = end < tokens_.size() ? tokens_.begin(end) : static_cast<uint32_t>(src.size());
  toks_.emplace_back(WindowToken::kNone, at, at, static_cast<uint32_t>(toks_.size()), end, src);
}

antlr4::Token* TokenWindow::LT(ssize_t k) {
  if (k == 0) return nullptr;
  if (k < 0) {
    ssize_t at = static_cast<ssize_t>(p_) + k;
    return at < 0 ? nullptr : &toks_[static_cast<size_t>(at)];
  }
  size_t at = p_ + static_cast<size_t>(k) - 1;
  return &toks_[at < toks_.size() ? at : toks_.size() - 1];
}

antlr4::Token* TokenWindow::get(size_t index) const {
  return const_cast<WindowToken*>(&toks_[index < toks_.size() ? index : toks_.size() - 1]);
}

size_t TokenWindow::LA(ssize_t i) {
  antlr4::Token* t = LT(i);
  return t ? t->getType() : antlr4::Token::INVALID_TYPE;
}

void TokenWindow::consume() {
  if (LA(1) == antlr4::Token::EOF) throw antlr4::IllegalStateException("cannot consume EOF");
  ++p_;
}

std::string TokenWindow::getText(const antlr4::misc::Interval& interval) {
  if (interval.a < 0 || interval.b < interval.a || toks_.empty()) return "";
  size_t a = static_cast<size_t>(interval.a);
  size_t b = std::min(static_cast<size_t>(interval.b), toks_.size() - 1);
  if (a > b) return "";
  uint32_t from = toks_[a].begin();
  uint32_t to = std::max(toks_[b].end(), from);
  return std::string(tokens_.source().substr(from, to - from));
}

std::string TokenWindow::getText() {
  return getText(antlr4::misc::Interval(ssize_t(0), static_cast<ssize_t>(toks_.size()) - 1));
}

std::string TokenWindow::getText(antlr4::RuleContext* ctx) {
  return getText(ctx->getSourceInterval());
}

std::string TokenWindow::getText(antlr4::Token* start, antlr4::Token* stop) {
  if (!start || !stop) return "";
  return getText(antlr4::misc::Interval(static_cast<ssize_t>(start->getTokenIndex()),
                                        static_cast<ssize_t>(stop->getTokenIndex())));
}

} // namespace cairn::parse
