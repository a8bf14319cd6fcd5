// Turning ANTLR's error reports into messages people can act on; see syntax_errors.h: the
// sink that keeps the noise down, the token a report is about and the span it blames, and
// ErrorStrategy, which picks the words (syntax_phrases.cpp) for what went wrong.
#include "compiler/parse/syntax_errors.h"

#include "CairnParser.h"
#include "compiler/parse/parser_base.h"
#include "compiler/parse/syntax_phrases.h"
#include "compiler/parse/token_window.h"

#include <algorithm>
#include <fmt/core.h>
#include <utf8proc.h>

namespace cairn::parse {

using P = cairn_gen::CairnParser;

namespace {

bool valid_utf8(std::string_view s) {
  return utf8proc_decompose(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                            static_cast<utf8proc_ssize_t>(s.size()), nullptr, 0,
                            UTF8PROC_STABLE) >= 0;
}

bool is_keyword(size_t type) {
  return type >= P::LET && type <= P::ARRAY_T;
}

// Errors this close after another one are cascades of it.
constexpr uint32_t kQuietMatches = 3;

} // namespace

// ---------------------------------------------------------------- the sink

bool SyntaxErrors::reported_at(uint32_t offset) const {
  return std::find(offsets_.begin(), offsets_.end(), offset) != offsets_.end();
}

void SyntaxErrors::add(SyntaxError e) {
  if (reported_at(e.begin)) return;
  if (e.kind == diag::DiagKind::UnexpectedEof && (!list_.empty() || !offsets_.empty())) return;
  uint32_t open = tokens_.unclosed();
  if (e.kind == diag::DiagKind::UnexpectedEof && e.related.empty() && open != TokenArray::kNoMatch)
    e.related.push_back({{tokens_.begin(open), tokens_.end(open)},
                         fmt::format("this `{}` is not closed", tokens_.text(open))});
  if (full()) {
    truncated_ = true;
    return;
  }
  offsets_.push_back(e.begin);
  list_.push_back(std::move(e));
}

// ---------------------------------------------------------------- the token reported

namespace {

// What a reported token stands for: the window's end token stands for the token that ends
// the window (a `,` or `}` of the enclosing record...), or for the end of the input.
struct Found {
  uint32_t index; // in the token array; tokens.size() for the end of the input, kNone if conjured
  size_t type;
};

Found resolve(const TokenArray& tokens, antlr4::Token* t) {
  auto* w = static_cast<WindowToken*>(t);
  uint32_t real = w->real_index();
  if (t->getType() == antlr4::Token::EOF)
    return {real,
            real < tokens.size() ? static_cast<size_t>(tokens.type(real)) : antlr4::Token::EOF};
  return {real, t->getType()};
}

std::string describe(const TokenArray& tokens, antlr4::Token* t, const Found& f) {
  if (f.index != WindowToken::kNone && t->getType() != P::HOLE)
    return found_description(tokens, f.index);
  if (t->getType() == P::HOLE) return tokens.type(f.index) == P::LBRACE ? "`{`" : "`[`";
  return token_description(f.type);
}

// The span to blame for a token: the token itself, or for the end of the input the end of
// the last real token, so the caret sits where something is missing.
base::Span blame(const TokenArray& tokens, antlr4::Token* t, const Found& f) {
  if (f.type == antlr4::Token::EOF) {
    if (tokens.size() == 0) {
      uint32_t at = static_cast<uint32_t>(t->getStartIndex());
      return {at, at};
    }
    uint32_t end = tokens.end(tokens.size() - 1);
    return {end, end};
  }
  if (f.index != WindowToken::kNone && f.index < tokens.size() && t->getType() != P::HOLE)
    return {tokens.begin(f.index), tokens.end(f.index)};
  auto* w = static_cast<WindowToken*>(t);
  return {w->begin(), std::max(w->begin(), w->end())};
}

} // namespace

// ---------------------------------------------------------------- the strategy

void ErrorStrategy::report(antlr4::Parser* p, antlr4::Token* found,
                           const antlr4::misc::IntervalSet& expected, How how,
                           antlr4::Token* start) {
  if (!found) return;
  if (sink_.full()) {
    sink_.set_truncated();
    throw StopParsing();
  }
  const TokenArray& tokens = sink_.tokens();
  Found f = resolve(tokens, found);
  base::Span span = blame(tokens, found, f);
  bool quiet = matched_since_error_ < kQuietMatches;
  matched_since_error_ = 0;
  if (quiet || sink_.reported_at(span.begin)) return;
  // A closer the bracket repair added: its report covers whatever goes wrong there.
  if (f.index < tokens.size() && tokens.is_virtual(f.index)) return;

  SyntaxError err{diag::DiagKind::UnexpectedToken, span.begin, span.end, {}, {}, {}, {}};
  std::string found_text = describe(tokens, found, f);
  if (f.type == P::BAD_CHAR) {
    std::string text(tokens.text(f.index));
    unsigned char c = text.empty() ? 0 : static_cast<unsigned char>(text[0]);
    if (c == 0 || (c >= 0x80 && !valid_utf8(text))) {
      // parse.cpp reports NUL bytes and the file's first invalid UTF-8 before parsing.
      sink_.mark_reported(span.begin);
      return;
    }
    err.kind = diag::DiagKind::UnexpectedCharacter;
    if (c == '`')
      err.message = "unexpected character `` ` ``";
    else if (c >= 0x80)
      err.message = fmt::format("unexpected character `{}`", text);
    else if (c < 0x20 || c >= 0x7f)
      err.message = fmt::format("unexpected byte 0x{:02x}", c);
    else
      err.message = fmt::format("unexpected character `{}`", static_cast<char>(c));
    err.label = "not valid here";
    sink_.add(std::move(err));
    return;
  }
  if (f.type == antlr4::Token::EOF) err.kind = diag::DiagKind::UnexpectedEof;

  // The token before the offending one often says what was expected better than the
  // expected set (which describes where prediction started, when it failed further on).
  // It is read from the file: a window may start right after it.
  size_t prev = antlr4::Token::INVALID_TYPE;
  if (f.index != WindowToken::kNone && f.index > 0 && f.index <= tokens.size())
    prev = tokens.type(f.index - 1);
  else if (found->getTokenIndex() > 0)
    prev = p->getTokenStream()->get(found->getTokenIndex() - 1)->getType();
  // After `..` and `.` the construct's own phrase ("after record field") would mislead.
  std::optional<Phrase> phrase =
      prev == P::ELLIPSIS || prev == P::DOT ? std::nullopt : phrase_for(p->getContext(), expected);
  std::optional<std::string> after = expected_after(prev);
  std::string expectation;
  if (phrase) {
    err.message = fmt::format("{}, found {}", phrase->message, found_text);
    expectation = phrase->message;
    if (phrase->related && phrase->related != found)
      err.related.push_back(
          {blame(tokens, phrase->related, resolve(tokens, phrase->related)), phrase->related_text});
  } else if (after) {
    err.message = fmt::format("expected {}, found {}", *after, found_text);
    expectation = *after;
  } else if (how == How::Extra) {
    err.message = fmt::format("unexpected {}", found_text);
    err.label = "not expected here";
  } else if (dynamic_cast<P::FileContext*>(p->getContext()) && has(expected, antlr4::Token::EOF) &&
             expected.size() == 1) {
    err.message = fmt::format("unexpected {} after the end of the expression", found_text);
    err.helps.push_back(
        f.type == P::EQ
            ? "a file holds one expression; to define fields, write a record `{ a = 1, b = 2 }`"
            : "a file holds one expression");
  } else {
    expectation = start && start != found ? std::string() : describe_expected(expected);
    err.message = expectation.empty()
                      ? fmt::format("unexpected {}", found_text)
                      : fmt::format("expected {}, found {}", expectation, found_text);
  }
  std::string word = f.index < tokens.size() ? std::string(tokens.text(f.index)) : "";
  if (is_keyword(f.type) || f.type == P::OR) {
    if (auto help = keyword_help(word, expectation)) err.helps.push_back(*help);
  }
  if (expectation.find("type or contract") != std::string::npos &&
      (f.type == P::LET || f.type == P::FUN || f.type == P::IF || f.type == P::IMPORT ||
       f.type == P::MATCH))
    err.helps.push_back(
        fmt::format("a contract that starts with `{}` must be in parentheses", word));
  if (f.type == antlr4::Token::EOF && tokens.size() == 0)
    err.helps.push_back(
        "the file is empty; it must hold one expression, such as a record `{ ... }`");
  if (expectation == "`}` after `..`")
    err.helps.push_back("`..` comes last in a record: `{ a = 1, .. }`");
  if (err.label.empty() && f.type != antlr4::Token::EOF) err.label = "unexpected " + found_text;
  sink_.add(std::move(err));
  // Nothing follows the end of the input: any further report would be a cascade of the
  // same missing pieces, one per open construct. (At the end of a window, recovery goes on
  // to complete the window's tree; its reports land on the same token and are dropped.)
  if (f.type == antlr4::Token::EOF) throw StopParsing();
}

void ErrorStrategy::reset(antlr4::Parser* recognizer) {
  antlr4::DefaultErrorStrategy::reset(recognizer);
  matched_since_error_ = kQuietMatches;
}

void ErrorStrategy::reportMatch(antlr4::Parser* recognizer) {
  antlr4::DefaultErrorStrategy::reportMatch(recognizer);
  ++matched_since_error_;
}

void ErrorStrategy::reportNoViableAlternative(antlr4::Parser* p,
                                              const antlr4::NoViableAltException& e) {
  report(p, e.getOffendingToken(), e.getExpectedTokens(), How::Unexpected, e.getStartToken());
}

void ErrorStrategy::reportInputMismatch(antlr4::Parser* p,
                                        const antlr4::InputMismatchException& e) {
  report(p, e.getOffendingToken(), e.getExpectedTokens(), How::Unexpected);
}

void ErrorStrategy::reportFailedPredicate(antlr4::Parser* p,
                                          const antlr4::FailedPredicateException& e) {
  report(p, e.getOffendingToken(), p->getExpectedTokens(), How::Unexpected);
}

void ErrorStrategy::reportUnwantedToken(antlr4::Parser* p) {
  if (inErrorRecoveryMode(p)) return;
  beginErrorCondition(p);
  report(p, p->getCurrentToken(), getExpectedTokens(p), How::Extra);
}

void ErrorStrategy::reportMissingToken(antlr4::Parser* p) {
  if (inErrorRecoveryMode(p)) return;
  beginErrorCondition(p);
  report(p, p->getCurrentToken(), getExpectedTokens(p), How::Missing);
}

antlr4::Token* ErrorStrategy::getMissingSymbol(antlr4::Parser* p) {
  antlr4::Token* current = p->getCurrentToken();
  antlr4::misc::IntervalSet expected = getExpectedTokens(p);
  expected.remove(static_cast<size_t>(P::HOLE));
  size_t type = expected.isEmpty() ? antlr4::Token::INVALID_TYPE
                                   : static_cast<size_t>(expected.getMinElement());
  const TokenArray& tokens = sink_.tokens();
  uint32_t at = blame(tokens, current, resolve(tokens, current)).begin;
  conjured_.push_back(std::make_unique<WindowToken>(static_cast<uint32_t>(type), at, at,
                                                    static_cast<uint32_t>(current->getTokenIndex()),
                                                    WindowToken::kNone, tokens.source()));
  return conjured_.back().get();
}

} // namespace cairn::parse
