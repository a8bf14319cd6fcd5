// The words of syntax errors: how a token type or a token of the array reads in a message,
// what an expected set of tokens reads as, what may follow a token, the phrase of the
// construct being parsed that explains a missing token, and the help for a keyword where a
// name was expected. ErrorStrategy (syntax_errors.cpp) puts them together; see
// syntax_phrases.h.
#include "compiler/parse/syntax_phrases.h"

#include "CairnParser.h"
#include "compiler/parse/syntax_errors.h"
#include "compiler/parse/token_window.h"

#include <algorithm>
#include <fmt/core.h>

namespace cairn::parse {

using P = cairn_gen::CairnParser;

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

} // namespace

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

} // namespace cairn::parse
