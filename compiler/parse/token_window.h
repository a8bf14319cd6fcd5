// ANTLR's view of a window of the token array.
//
// A `TokenWindow` is an antlr4::TokenStream over tokens [begin, end) of a `TokenArray`,
// followed by an end-of-input token. When holes are on, every `{...}` and `[...]` group that
// can only be a record, an array or a record/array pattern is presented as one `HOLE`
// token: the generated parser accepts a HOLE wherever a record or array literal or pattern
// may stand, and the AST builder asks the chunk parser for the group's node when it meets
// one (chunk_parser.h). Groups that need their inside to be parsed where they stand are
// never holes: the braces of `match { ... }`, a dictionary type `{_ : T}` and the list of
// `include [a, b]`.
//
// ANTLR wants token objects with stable addresses; the window materialises one small
// `WindowToken` per visible token when it is reset and owns them until the next reset.
// Token offsets are the source's byte offsets, and a HOLE spans its whole group.
#pragma once

#include "compiler/parse/lexer.h"

#include <antlr4-runtime.h>
#include <cstdint>
#include <string>
#include <vector>

namespace cairn::parse {

class WindowToken final : public antlr4::WritableToken {
public:
  static constexpr uint32_t kNone = 0xffffffffu;

  WindowToken(uint32_t type, uint32_t start, uint32_t end, uint32_t index, uint32_t real,
              std::string_view source)
      : type_(type), start_(start), end_(end), index_(index), real_(real), source_(source) {}

  // The index of this token in the token array (the opener for a HOLE; for the end token,
  // the token that ends the window, or the array's size at the end of the input); kNone
  // for tokens conjured by error recovery.
  uint32_t real_index() const { return real_; }
  uint32_t begin() const { return start_; }
  uint32_t end() const { return end_; }

  std::string getText() const override;
  size_t getType() const override { return type_ == kNone ? antlr4::Token::EOF : type_; }
  size_t getLine() const override { return 0; }
  size_t getCharPositionInLine() const override { return start_; }
  size_t getChannel() const override { return antlr4::Token::DEFAULT_CHANNEL; }
  size_t getTokenIndex() const override { return index_; }
  size_t getStartIndex() const override { return start_; }
  // Inclusive, as ANTLR wants; start - 1 for the zero-width end token.
  size_t getStopIndex() const override { return static_cast<size_t>(end_) - 1; }
  antlr4::TokenSource* getTokenSource() const override { return nullptr; }
  antlr4::CharStream* getInputStream() const override { return nullptr; }
  std::string toString() const override { return getText(); }
  void setText(const std::string&) override {}
  void setType(size_t t) override { type_ = static_cast<uint32_t>(t); }
  void setLine(size_t) override {}
  void setCharPositionInLine(size_t) override {}
  void setChannel(size_t) override {}
  void setTokenIndex(size_t i) override { index_ = static_cast<uint32_t>(i); }

private:
  uint32_t type_;
  uint32_t start_;
  uint32_t end_;
  uint32_t index_;
  uint32_t real_;
  std::string_view source_;
};

// Whether the group opened by token `i` can be shown as a HOLE: a `{` or `[` that is
// matched, and not the braces of `match {`, a dictionary type `{_ ...` or `include [`.
bool is_hole(const TokenArray& tokens, uint32_t i);

class TokenWindow final : public antlr4::TokenStream {
public:
  explicit TokenWindow(const TokenArray& tokens) : tokens_(tokens) {}

  // Shows tokens [begin, end). With `holes`, groups become HOLE tokens, except the group
  // opened at `begin` itself when `open_first` (the group being parsed). Tokens before
  // `begin` decide nothing: a group's context is read from the token before its opener.
  void reset(uint32_t begin, uint32_t end, bool holes, bool open_first = false);

  uint32_t window_end() const { return end_; }

  antlr4::Token* LT(ssize_t k) override;
  antlr4::Token* get(size_t index) const override;
  antlr4::TokenSource* getTokenSource() const override { return nullptr; }
  std::string getText(const antlr4::misc::Interval& interval) override;
  std::string getText() override;
  std::string getText(antlr4::RuleContext* ctx) override;
  std::string getText(antlr4::Token* start, antlr4::Token* stop) override;
  void consume() override;
  size_t LA(ssize_t i) override;
  ssize_t mark() override { return -1; }
  void release(ssize_t) override {}
  size_t index() override { return p_; }
  void seek(size_t index) override { p_ = index < toks_.size() ? index : toks_.size() - 1; }
  size_t size() override { return toks_.size(); }
  std::string getSourceName() const override { return "<window>"; }

private:
  const TokenArray& tokens_;
  std::vector<WindowToken> toks_;
  size_t p_ = 0;
  uint32_t end_ = 0;
};

} // namespace cairn::parse
