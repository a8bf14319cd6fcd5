// The hand-written half of the grammar's lexer: the generated CairnLexer derives from
// LexerBase. The generated lexer is the specification of the lexer the parser uses
// (lexer.h); only tests run it, and they check that the two agree token for token.
//
// LexerBase keeps a stack of open delimiters so that modes switch correctly:
//  - `{` opens a brace and `%{` an interpolation; `}` closes the innermost one, and closing
//    an interpolation returns to the string mode it came from;
//  - a multiline string remembers how many `%` opened it, which decides whether `"%`..`%`
//    closes it and whether `%`..`%{` starts an interpolation.
// It also emits compact tokens (ANTLR's CommonToken carries a std::string and is ~120 bytes)
// and records lexical problems (unterminated strings, delimiter mismatches); the lexer
// itself never throws.
#pragma once

#include "compiler/parse/lexer.h"

#include <antlr4-runtime.h>
#include <cstdint>
#include <vector>

namespace cairn::parse {

// A token is a type, a byte range and an index; its text is read from the input on demand.
class CompactToken final : public antlr4::WritableToken {
public:
  CompactToken(uint32_t type, uint32_t start, uint32_t stop, uint8_t channel,
               antlr4::TokenSource* source)
      : type_(type), start_(start), stop_(stop), channel_(channel), source_(source) {}

  std::string getText() const override;
  // ANTLR's EOF is size_t(-1); it is stored as uint32_t(-1).
  size_t getType() const override { return type_ == UINT32_MAX ? antlr4::Token::EOF : type_; }
  size_t getLine() const override { return 0; }
  size_t getCharPositionInLine() const override { return start_; }
  size_t getChannel() const override { return channel_; }
  size_t getTokenIndex() const override { return index_; }
  size_t getStartIndex() const override { return start_; }
  size_t getStopIndex() const override { return stop_; }
  antlr4::TokenSource* getTokenSource() const override { return source_; }
  antlr4::CharStream* getInputStream() const override {
    return source_ ? source_->getInputStream() : nullptr;
  }
  std::string toString() const override { return getText(); }
  void setText(const std::string&) override {}
  void setType(size_t t) override { type_ = static_cast<uint32_t>(t); }
  void setLine(size_t) override {}
  void setCharPositionInLine(size_t) override {}
  void setChannel(size_t c) override { channel_ = static_cast<uint8_t>(c); }
  void setTokenIndex(size_t i) override { index_ = static_cast<uint32_t>(i); }

private:
  uint32_t type_;
  uint32_t start_;
  uint32_t stop_; // inclusive, as ANTLR wants; stop_ < start_ for EOF
  uint32_t index_ = 0;
  uint8_t channel_;
  antlr4::TokenSource* source_;
};

class LexerBase : public antlr4::Lexer {
public:
  explicit LexerBase(antlr4::CharStream* input) : antlr4::Lexer(input) {}

  antlr4::Token* emit() override;
  antlr4::Token* emitEOF() override;
  const std::vector<LexIssue>& issues() const { return issues_; }

protected:
  // Called from the grammar's actions.
  void enterString();
  void leaveString();
  void enterMultiline();
  void enterSymbolic() { enterMultiline(); }
  void openBrace();
  void closeBrace();
  void openInterpolation();
  // `end_type`, `interp_type` and `text_type` are the generated token types to switch to.
  void candidateEnd(size_t end_type, size_t text_type);
  void candidateInterpolation(size_t interp_type, size_t text_type);

private:
  enum class Frame : uint8_t { Brace, Interp, Str, MStr };
  struct Open {
    Frame frame;
    uint32_t percents; // MStr: number of `%` in the opening delimiter
    uint32_t begin;    // span of the opening delimiter
    uint32_t end;
  };
  uint32_t token_begin() const { return static_cast<uint32_t>(tokenStartCharIndex); }
  uint32_t token_end() const { return static_cast<uint32_t>(_input->index()); }
  uint32_t count_percents() const;
  Open* innermost_mstr();

  std::vector<Open> open_;
  std::vector<LexIssue> issues_;
};

} // namespace cairn::parse

// The generated lexer lives in namespace cairn_gen and names its base class unqualified.
namespace cairn_gen {
using cairn::parse::LexerBase;
}
