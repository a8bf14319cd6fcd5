// Turning ANTLR's error reports into messages people can act on; see syntax_errors.h.
#include "compiler/parse/syntax_errors.h"

#include "CairnParser.h"
#include "compiler/parse/parser_base.h"
#include "compiler/parse/token_window.h"

#include <algorithm>
#include <fmt/core.h>
#include <utf8proc.h>

namespace cairn::parse {

using P = cairn_gen::CairnParser;

namespace {

bool has(const antlr4::misc::IntervalSet& set, size_t type) {
  return set.contains(type);
}

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

// ---------------------------------------------------------------- descriptions

namespace {
// The generated parser only hands its vocabulary out from an instance.
const antlr4::dfa::Vocabulary& vocabulary() {
  static const TokenArray no_tokens;
  static TokenWindow window = [] {
    TokenWindow w(no_tokens);
    w.reset(0, 0, false);
    return w;
  }();
  static P parser(&window);
  return parser.getVocabulary();
}
} // namespace

std::string token_description(size_t type) {
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
  case P::HOLE: return "`{`";
  default: break;
  }
  std::string literal = vocabulary().getLiteralName(type);
  if (literal.size() >= 2 && literal.front() == '\'' && literal.back() == '\'')
    return "`" + literal.substr(1, literal.size() - 2) + "`";
  return std::string(vocabulary().getSymbolicName(type));
}

std::string found_description(const TokenArray& tokens, uint32_t index) {
  if (index >= tokens.size()) return "end of input";
  size_t type = tokens.type(index);
  if (type == P::STR_START || type == P::MSTR_START || type == P::SYM_STR_START) return "string";
  std::string text(tokens.text(index));
  if (type == P::BAD_CHAR || text.empty()) return token_description(type);
  if (text.size() > 24) text = text.substr(0, 21) + "...";
  for (char& c : text)
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  return "`" + text + "`";
}

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
std::string describe_expected(const antlr4::misc::IntervalSet& expected) {
  if (has(expected, P::IDENT) && has(expected, P::STR_START) && has(expected, P::INCLUDE) &&
      has(expected, P::DEFAULT))
    return "a field name";
  if (has(expected, P::LET) && has(expected, P::NUM_DEC)) return "an expression";
  if (has(expected, P::FORALL) && has(expected, P::NUM_DEC)) return "a type or contract";
  if (has(expected, P::BANG) && has(expected, P::NUM_DEC)) return "an expression";
  if (has(expected, P::IDENT) && has(expected, P::UNDERSCORE) && has(expected, P::LBRACE))
    return "a pattern";
  if (has(expected, P::NUM_DEC) && has(expected, P::LBRACKET) && has(expected, P::IDENT))
    return "an expression";
  std::vector<std::string> items;
  for (size_t type : expected.toList()) {
    if (type == P::HOLE) continue;
    std::string d = token_description(type);
    if (std::find(items.begin(), items.end(), d) == items.end()) items.push_back(d);
  }
  if (items.size() > 5) return "one of " + std::to_string(items.size()) + " kinds of token";
  return join_expected(items);
}

// What may follow a token: used when the expected set says little, e.g. when prediction
// failed further on than the decision's start.
std::optional<std::string> expected_after(size_t prev) {
  std::string op = token_description(prev);
  switch (prev) {
  case P::LET:
  case P::REC:
  case P::OR: return "a pattern after " + op;
  case P::FUN: return std::string("a function parameter");
  case P::PIPE:
  case P::COLON: return "a type or contract after " + op;
  case P::DOT: return std::string("a field name after `.`");
  case P::SEMI: return std::string("a tail variable or `Dyn` after `;`");
  case P::ELLIPSIS: return std::string("`}` after `..`");
  case P::STR_INTERP:
  case P::MSTR_INTERP: return std::string("an expression after `%{`");
  case P::EQ:
  case P::IN:
  case P::IF:
  case P::THEN:
  case P::ELSE:
  case P::FAT_ARROW:
  case P::QUESTION:
  case P::LPAREN:
  case P::PLUSPLUS:
  case P::AT:
  case P::STAR:
  case P::SLASH:
  case P::PERCENT:
  case P::PLUS:
  case P::MINUS:
  case P::BANG:
  case P::AMP:
  case P::PIPE_GT:
  case P::LT:
  case P::LE:
  case P::GT:
  case P::GE:
  case P::EQEQ:
  case P::NEQ:
  case P::ANDAND:
  case P::OROR:
  case P::ARROW: return "an expression after " + op;
  default: return std::nullopt;
  }
}

// Help for a keyword where a name was expected.
std::optional<std::string> keyword_help(std::string_view word, std::string_view expectation) {
  if (expectation.find("field name") != std::string_view::npos)
    return fmt::format("`{}` is a keyword; a field named `{}` must be quoted: `\"{}\"`", word, word,
                       word);
  if (expectation.find("pattern") != std::string_view::npos ||
      expectation.find("parameter") != std::string_view::npos)
    return fmt::format("`{}` is a keyword and cannot name a variable", word);
  return std::nullopt;
}

struct Phrase {
  std::string message;
  antlr4::Token* related = nullptr;
  std::string related_text;
};

// Looks up the rule stack for a construct that explains the missing token.
std::optional<Phrase> phrase_for(antlr4::ParserRuleContext* ctx,
                                 const antlr4::misc::IntervalSet& expected) {
  for (int depth = 0; ctx && depth < 64;
       ++depth, ctx = dynamic_cast<antlr4::ParserRuleContext*>(ctx->parent)) {
    antlr4::Token* start = ctx->getStart();
    if (dynamic_cast<P::LetTermContext*>(ctx) && has(expected, P::IN))
      return Phrase{"expected `in` after let binding", start, "this `let` needs an `in`"};
    if (dynamic_cast<P::LetBindingContext*>(ctx) && has(expected, P::EQ))
      return Phrase{"expected `=` in let binding", nullptr, {}};
    if (dynamic_cast<P::IfTermContext*>(ctx)) {
      if (has(expected, P::THEN))
        return Phrase{"expected `then` after the condition", start, "in this `if`"};
      if (has(expected, P::ELSE))
        return Phrase{"expected `else` after the `then` branch", start, "in this `if`"};
    }
    if (dynamic_cast<P::FunTermContext*>(ctx)) {
      if (has(expected, P::FAT_ARROW))
        return Phrase{"expected `=>` after function parameters", start, "in this function"};
      if (has(expected, P::IDENT))
        return Phrase{"expected a function parameter", start, "in this function"};
    }
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
      return Phrase{"expected `}` to close the interpolation", start,
                    "the interpolation starts here"};
    if (dynamic_cast<P::DictTypeAtomContext*>(ctx) && has(expected, P::RBRACE))
      return Phrase{"expected `}` to close the dictionary type", start, "it starts here"};
    if (dynamic_cast<P::FieldAnnotContext*>(ctx)) {
      if (has(expected, P::NUM_DEC) && !has(expected, P::IDENT))
        return Phrase{"expected a number after `priority`", nullptr, {}};
      if (has(expected, P::STR_START) && !has(expected, P::IDENT))
        return Phrase{"expected a string after `doc`", nullptr, {}};
    }
    if (dynamic_cast<P::LetAnnotContext*>(ctx) && has(expected, P::STR_START) &&
        !has(expected, P::IDENT))
      return Phrase{"expected a string after `doc`", nullptr, {}};
  }
  return std::nullopt;
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
