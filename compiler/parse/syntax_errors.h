// Friendly syntax errors from ANTLR's error recovery.
//
// `ErrorStrategy` keeps ANTLR's recovery (single-token insertion and deletion, then
// resynchronisation) but replaces its reports: instead of "mismatched input 'x' expecting
// {...}" it looks at the rule being parsed and the expected tokens and says what a person
// would, e.g. "expected `in` after let binding, found `x`", with a label on the `let`.
//
// Reports go to a `SyntaxErrors` sink shared by all the windows of one parse (see
// chunk_parser.h); parse.cpp turns them into diagnostics. The sink keeps the noise down:
// at most one error per source offset, at most kMaxSyntaxErrors per file, and an error at
// the end of the input after an earlier error is dropped (it is nearly always the parser
// unwinding the constructs the first error left open).
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/parse/lexer.h"

#include <antlr4-runtime.h>
#include <optional>
#include <string>
#include <vector>

namespace cairn::parse {

inline constexpr size_t kMaxSyntaxErrors = 25;

struct SyntaxError {
  diag::DiagKind kind;
  uint32_t begin;
  uint32_t end;
  std::string message;
  std::string label;
  std::vector<std::pair<base::Span, std::string>> related;
  std::vector<std::string> helps;
};

class SyntaxErrors {
public:
  explicit SyntaxErrors(const TokenArray& tokens) : tokens_(tokens) {}

  // Records `e` unless it repeats or follows another error as described above.
  void add(SyntaxError e);
  bool full() const { return list_.size() >= kMaxSyntaxErrors; }
  void set_truncated() { truncated_ = true; }
  bool truncated() const { return truncated_; }
  bool empty() const { return list_.empty(); }
  bool reported_at(uint32_t offset) const;
  void mark_reported(uint32_t offset) { offsets_.push_back(offset); }
  const std::vector<SyntaxError>& list() const { return list_; }
  const TokenArray& tokens() const { return tokens_; }

private:
  const TokenArray& tokens_;
  std::vector<SyntaxError> list_;
  std::vector<uint32_t> offsets_;
  bool truncated_ = false;
};

class ErrorStrategy : public antlr4::DefaultErrorStrategy {
public:
  explicit ErrorStrategy(SyntaxErrors& sink) : sink_(sink) {}

  void reset(antlr4::Parser* recognizer) override;
  void reportMatch(antlr4::Parser* recognizer) override;

protected:
  void reportNoViableAlternative(antlr4::Parser* p, const antlr4::NoViableAltException& e) override;
  void reportInputMismatch(antlr4::Parser* p, const antlr4::InputMismatchException& e) override;
  void reportFailedPredicate(antlr4::Parser* p, const antlr4::FailedPredicateException& e) override;
  void reportUnwantedToken(antlr4::Parser* p) override;
  void reportMissingToken(antlr4::Parser* p) override;
  // Conjures the token recovery pretends was there: zero-width, where it was missing.
  antlr4::Token* getMissingSymbol(antlr4::Parser* p) override;

private:
  enum class How { Unexpected, Missing, Extra };
  void report(antlr4::Parser* p, antlr4::Token* found, const antlr4::misc::IntervalSet& expected,
              How how, antlr4::Token* start = nullptr);

  SyntaxErrors& sink_;
  std::vector<std::unique_ptr<antlr4::Token>> conjured_;
  // Tokens matched since the last error: reports come only after a few (cascades don't).
  uint32_t matched_since_error_ = 1000;
};

// How a token type reads in a message: "`in`", "identifier", "end of input".
std::string token_description(size_t type);
// How a token of the array reads as "found ...": its text in backticks, "string", ...
std::string found_description(const TokenArray& tokens, uint32_t index);

} // namespace cairn::parse
