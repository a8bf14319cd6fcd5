// Friendly syntax errors from ANTLR's error recovery.
//
// `ErrorStrategy` keeps ANTLR's recovery (single-token insertion and deletion, then
// resynchronisation) but replaces its reports: instead of "mismatched input 'x' expecting
// {...}" it looks at the rule being parsed and the expected tokens and says what a person
// would, e.g. "expected `in` after let binding, found `x`", with a label on the `let`.
// Reports are collected as `SyntaxError`s; parse.cpp turns them into diagnostics. At most
// one error is reported per token position, and at most kMaxSyntaxErrors per file.
#pragma once

#include <antlr4-runtime.h>

#include <optional>
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"

namespace cairn::parse {

inline constexpr size_t kMaxSyntaxErrors = 25;

struct SyntaxError {
  diag::DiagKind kind;
  uint32_t begin;
  uint32_t end;
  std::string message;
  std::string label;
  std::optional<std::pair<base::Span, std::string>> related;
  std::vector<std::string> helps;
};

class ErrorStrategy : public antlr4::DefaultErrorStrategy {
public:
  std::vector<SyntaxError>& errors() { return errors_; }
  bool truncated() const { return truncated_; }

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
  void report(antlr4::Parser* p, antlr4::Token* found, const antlr4::misc::IntervalSet& expected, How how);

  std::vector<SyntaxError> errors_;
  std::vector<std::unique_ptr<antlr4::Token>> conjured_;
  size_t last_offset_ = SIZE_MAX;
  bool truncated_ = false;
};

// How a token type reads in a message: "`in`", "identifier", "end of input".
std::string token_description(const antlr4::dfa::Vocabulary& vocabulary, size_t type);

} // namespace cairn::parse
