// The words of syntax errors, for ErrorStrategy (syntax_errors.cpp); internal to parse/.
//
// Each function reads the parser's state (the expected token set, the token before the
// offending one, the stack of rules being parsed) and says it the way a person would:
// "an expression", "a pattern after `let`", "expected `in` after let binding". None of
// them reports anything; the strategy decides which words a message uses. How a single
// token reads (`token_description`, `found_description`) is declared in syntax_errors.h,
// which other parts of the parser use too.
#pragma once

#include <antlr4-runtime.h>
#include <optional>
#include <string>
#include <string_view>

namespace cairn::parse {

inline bool has(const antlr4::misc::IntervalSet& set, size_t type) {
  return set.contains(type);
}

// What the parser expected, in words: "a field name", "an expression", or the list of the
// expected tokens when it is short.
std::string describe_expected(const antlr4::misc::IntervalSet& expected);

// What may follow a token of type `prev`, or nothing when the token says little.
std::optional<std::string> expected_after(size_t prev);

// Help for the keyword `word` found where `expectation` (a name) was expected.
std::optional<std::string> keyword_help(std::string_view word, std::string_view expectation);

// The message of the innermost construct that explains a missing token, and the token to
// label (its start, with `related_text`) if any.
struct Phrase {
  std::string message;
  antlr4::Token* related = nullptr;
  std::string related_text;
};

// Looks up the rule stack from `ctx` outwards (at most 64 rules) for such a construct.
std::optional<Phrase> phrase_for(antlr4::ParserRuleContext* ctx,
                                 const antlr4::misc::IntervalSet& expected);

} // namespace cairn::parse
