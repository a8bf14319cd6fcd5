// Turning ANTLR's error reports into messages people can act on; see syntax_errors.h.
#include "compiler/parse/syntax_errors.h"

#include <fmt/core.h>
#include <utf8proc.h>

#include "CairnParser.h"
#include "compiler/parse/lexer_base.h"
#include "compiler/parse/parser_base.h"

namespace cairn::parse {

using P = cairn_gen::CairnParser;

namespace {
bool has(const antlr4::misc::IntervalSet& set, size_t type) { return set.contains(type); }

bool valid_utf8(std::string_view s) {
  return utf8proc_decompose(reinterpret_cast<const utf8proc_uint8_t*>(s.data()), static_cast<utf8proc_ssize_t>(s.size()),
                            nullptr, 0, UTF8PROC_STABLE) >= 0;
}
} // namespace

std::string token_description(const antlr4::dfa::Vocabulary& vocabulary, size_t type) {
  switch (type) {
  case antlr4::Token::EOF: return "end of input";
  case P::IDENT: return "identifier";
  case P::NUM_DEC:
  case P::NUM_HEX:
  case P::NUM_OCT:
  case P::NUM_BIN: return "number";
  case P::RAW_ENUM_TAG:
  case P::QUOTED_ENUM_TAG_START: return "enum tag";
  case P::STR_START:
  case P::MSTR_START:
  case P::SYM_STR_START: return "string";
  case P::STR_TEXT:
  case P::STR_PCT:
  case P::STR_ESC:
  case P::STR_ESC_HEX:
  case P::MSTR_TEXT:
  case P::MSTR_PCT:
  case P::MSTR_QUOTE: return "string text";
  case P::STR_END: return "`\"`";
  case P::MSTR_END: return "end of multiline string";
  case P::STR_INTERP:
  case P::MSTR_INTERP: return "`%{`";
  case P::LINE_COMMENT: return "comment";
  case P::BAD_CHAR: return "unexpected character";
  default: break;
  }
  std::string literal = vocabulary.getLiteralName(type);
  if (literal.size() >= 2 && literal.front() == '\'' && literal.back() == '\'')
    return "`" + literal.substr(1, literal.size() - 2) + "`";
  return std::string(vocabulary.getSymbolicName(type));
}

namespace {

std::string found_description(const antlr4::dfa::Vocabulary& vocabulary, antlr4::Token* t) {
  size_t type = t->getType();
  if (type == antlr4::Token::EOF) return "end of input";
  std::string text = t->getText();
  if (type == P::STR_START || type == P::MSTR_START || type == P::SYM_STR_START) return "string";
  if (type == P::BAD_CHAR || text.empty()) return token_description(vocabulary, type);
  if (text.size() > 24) text = text.substr(0, 21) + "...";
  for (char& c : text)
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  return "`" + text + "`";
}

std::string join_expected(const std::vector<std::string>& items) {
  if (items.empty()) return "something else";
  if (items.size() == 1) return items[0];
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += (i + 1 == items.size()) ? " or " : ", ";
    out += items[i];
  }
  return out;
}

// What the parser expected, in words.
std::string describe_expected(const antlr4::dfa::Vocabulary& vocabulary, const antlr4::misc::IntervalSet& expected) {
  if (has(expected, P::LET) && has(expected, P::NUM_DEC)) return "an expression";
  if (has(expected, P::NUM_DEC) && has(expected, P::LBRACKET) && has(expected, P::IDENT))
    return "an expression";
  if (has(expected, P::IDENT) && has(expected, P::UNDERSCORE) && has(expected, P::LBRACE))
    return "a pattern";
  if (has(expected, P::IDENT) && has(expected, P::STR_START) && has(expected, P::INCLUDE))
    return "a field";
  std::vector<std::string> items;
  for (size_t type : expected.toList()) {
    std::string d = token_description(vocabulary, type);
    if (std::find(items.begin(), items.end(), d) == items.end()) items.push_back(d);
  }
  if (items.size() > 5) return "one of " + std::to_string(items.size()) + " kinds of token";
  return join_expected(items);
}

base::Span token_span(antlr4::Token* t) {
  uint32_t b = static_cast<uint32_t>(t->getStartIndex());
  uint32_t e = static_cast<uint32_t>(t->getStopIndex()) + 1;
  if (t->getType() == antlr4::Token::EOF || e < b) e = b;
  return {b, e};
}

// The span to blame for `found`: the token itself, or for end of input the end of the
// last real token, so the caret sits where something is missing.
base::Span blame_span(antlr4::Parser* p, antlr4::Token* found) {
  if (found->getType() != antlr4::Token::EOF) return token_span(found);
  auto* stream = dynamic_cast<antlr4::BufferedTokenStream*>(p->getTokenStream());
  size_t index = found->getTokenIndex();
  while (stream && index > 0) {
    antlr4::Token* prev = stream->get(--index);
    if (prev->getChannel() == antlr4::Token::DEFAULT_CHANNEL) {
      uint32_t end = static_cast<uint32_t>(prev->getStopIndex()) + 1;
      return {end, end};
    }
  }
  return token_span(found);
}

struct Phrase {
  std::string message;
  antlr4::Token* related = nullptr;
  std::string related_text;
};

// Looks up the rule stack for a construct that explains the missing token.
std::optional<Phrase> phrase_for(antlr4::ParserRuleContext* ctx, const antlr4::misc::IntervalSet& expected) {
  for (int depth = 0; ctx && depth < 64; ++depth, ctx = dynamic_cast<antlr4::ParserRuleContext*>(ctx->parent)) {
    antlr4::Token* start = ctx->getStart();
    if (dynamic_cast<P::LetTermContext*>(ctx) && has(expected, P::IN))
      return Phrase{"expected `in` after let binding", start, "this `let` needs an `in`"};
    if (dynamic_cast<P::LetBindingContext*>(ctx) && has(expected, P::EQ))
      return Phrase{"expected `=` in let binding", nullptr, {}};
    if (dynamic_cast<P::IfTermContext*>(ctx)) {
      if (has(expected, P::THEN)) return Phrase{"expected `then` after the condition", start, "in this `if`"};
      if (has(expected, P::ELSE)) return Phrase{"expected `else` after the `then` branch", start, "in this `if`"};
    }
    if (dynamic_cast<P::FunTermContext*>(ctx) && has(expected, P::FAT_ARROW))
      return Phrase{"expected `=>` after function parameters", start, "in this function"};
    if (dynamic_cast<P::MatchArmContext*>(ctx) && has(expected, P::FAT_ARROW))
      return Phrase{"expected `=>` after the pattern of a match arm", nullptr, {}};
    if (dynamic_cast<P::ForallContext*>(ctx) && has(expected, P::DOT))
      return Phrase{"expected `.` after the variables of `forall`", nullptr, {}};
    if ((dynamic_cast<P::ParenAtomContext*>(ctx) || dynamic_cast<P::ParenPatContext*>(ctx) ||
         dynamic_cast<P::CurriedAtomContext*>(ctx)) &&
        has(expected, P::RPAREN))
      return Phrase{"expected `)` to close the parenthesis", start, "unclosed `(`"};
    if (dynamic_cast<P::RecordContext*>(ctx) && has(expected, P::RBRACE))
      return Phrase{"expected `,` or `}` after record field", start, "the record starts here"};
    if (dynamic_cast<P::RecordPatternContext*>(ctx) && has(expected, P::RBRACE))
      return Phrase{"expected `,` or `}` in record pattern", start, "the pattern starts here"};
    if (dynamic_cast<P::ArrayAtomContext*>(ctx) && has(expected, P::RBRACKET))
      return Phrase{"expected `,` or `]` after array element", start, "the array starts here"};
    if (dynamic_cast<P::ArrayPatternContext*>(ctx) && has(expected, P::RBRACKET))
      return Phrase{"expected `,` or `]` in array pattern", start, "the pattern starts here"};
    if (dynamic_cast<P::MatchHeadContext*>(ctx) && has(expected, P::RBRACE))
      return Phrase{"expected `,` or `}` after match arm", start, "the match starts here"};
    if (dynamic_cast<P::EnumTypeAtomContext*>(ctx) && has(expected, P::ENUM_CLOSE))
      return Phrase{"expected `|]` to close the enum type", start, "the enum type starts here"};
    if ((dynamic_cast<P::StrChunkContext*>(ctx) || dynamic_cast<P::MstrChunkContext*>(ctx)) &&
        has(expected, P::RBRACE))
      return Phrase{"expected `}` to close the interpolation", start, "the interpolation starts here"};
    if (dynamic_cast<P::DictTypeAtomContext*>(ctx) && has(expected, P::RBRACE))
      return Phrase{"expected `}` to close the dictionary type", start, "it starts here"};
  }
  return std::nullopt;
}

} // namespace

void ErrorStrategy::report(antlr4::Parser* p, antlr4::Token* found, const antlr4::misc::IntervalSet& expected,
                           How how) {
  if (!found) return;
  if (errors_.size() >= kMaxSyntaxErrors) {
    truncated_ = true;
    throw StopParsing();
  }
  base::Span span = blame_span(p, found);
  if (span.begin == last_offset_) return;
  last_offset_ = span.begin;

  SyntaxError err{diag::DiagKind::UnexpectedToken, span.begin, span.end, {}, {}, std::nullopt, {}};
  const antlr4::dfa::Vocabulary& vocabulary = p->getVocabulary();
  std::string found_text = found_description(vocabulary, found);
  if (found->getType() == P::BAD_CHAR) {
    std::string text = found->getText();
    unsigned char c = text.empty() ? 0 : static_cast<unsigned char>(text[0]);
    if (c == 0) return; // parse.cpp reports NUL bytes before parsing
    err.kind = diag::DiagKind::UnexpectedCharacter;
    if (c == '`') err.message = "unexpected character `` ` ``";
    else if (c >= 0x80 && valid_utf8(text)) err.message = fmt::format("unexpected character `{}`", text);
    else if (c < 0x20 || c >= 0x7f) err.message = fmt::format("unexpected byte 0x{:02x}", c);
    else err.message = fmt::format("unexpected character `{}`", static_cast<char>(c));
    err.label = "not valid here";
    errors_.push_back(std::move(err));
    return;
  }
  if (found->getType() == antlr4::Token::EOF) err.kind = diag::DiagKind::UnexpectedEof;

  std::optional<Phrase> phrase = phrase_for(p->getContext(), expected);
  if (how == How::Extra && !phrase) {
    err.message = fmt::format("unexpected {}", found_text);
    err.label = "not expected here";
  } else if (phrase) {
    err.message = fmt::format("{}, found {}", phrase->message, found_text);
    if (phrase->related && phrase->related != found) err.related = {token_span(phrase->related), phrase->related_text};
  } else if (dynamic_cast<P::FileContext*>(p->getContext()) && has(expected, antlr4::Token::EOF) &&
             expected.size() == 1) {
    err.message = fmt::format("unexpected {} after the end of the expression", found_text);
    err.helps.push_back("a file holds one expression; separate record fields with `,`");
  } else {
    err.message = fmt::format("expected {}, found {}", describe_expected(vocabulary, expected), found_text);
  }
  if (err.label.empty() && found->getType() != antlr4::Token::EOF) err.label = "unexpected " + found_text;
  errors_.push_back(std::move(err));
  // Nothing follows the end of the input: any further report would be a cascade of the
  // same missing pieces, one per open construct.
  if (found->getType() == antlr4::Token::EOF) throw StopParsing();
}

void ErrorStrategy::reportNoViableAlternative(antlr4::Parser* p, const antlr4::NoViableAltException& e) {
  report(p, e.getOffendingToken(), e.getExpectedTokens(), How::Unexpected);
}

void ErrorStrategy::reportInputMismatch(antlr4::Parser* p, const antlr4::InputMismatchException& e) {
  report(p, e.getOffendingToken(), e.getExpectedTokens(), How::Unexpected);
}

void ErrorStrategy::reportFailedPredicate(antlr4::Parser* p, const antlr4::FailedPredicateException& e) {
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
  size_t type = expected.isEmpty() ? antlr4::Token::INVALID_TYPE : static_cast<size_t>(expected.getMinElement());
  uint32_t at = static_cast<uint32_t>(blame_span(p, current).begin);
  conjured_.push_back(std::make_unique<CompactToken>(static_cast<uint32_t>(type), at, at - 1,
                                                     static_cast<uint8_t>(antlr4::Token::DEFAULT_CHANNEL),
                                                     current->getTokenSource()));
  return conjured_.back().get();
}

} // namespace cairn::parse
