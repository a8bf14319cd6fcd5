// The chunk parser's values: the shapes built by hand (literals, variables, `a.b.c`,
// `Array T`, strings, nested records and arrays, simple dictionary and enum types, and
// parentheses around applications and operator chains of those), everything else parsed
// by ANTLR; see chunk_parser.h.
#include "compiler/parse/chunk_parser.h"
#include "compiler/parse/string_chunks.h"
#include "compiler/parse/token_window.h"

namespace cairn::parse {

using ast::NodeId;
using ast::NodeKind;

namespace {

bool is_leaf(TokenType t) {
  switch (t) {
  case P::NUM_DEC:
  case P::NUM_HEX:
  case P::NUM_OCT:
  case P::NUM_BIN:
  case P::TRUE_LIT:
  case P::FALSE_LIT:
  case P::NULL_LIT:
  case P::RAW_ENUM_TAG:
  case P::DYN:
  case P::NUMBER_T:
  case P::BOOL_T:
  case P::STRING_T:
  case P::UNDERSCORE: return true;
  default: return is_ident(t);
  }
}

} // namespace

base::Span ChunkParser::span(uint32_t i) const {
  return {tokens_.begin(i), tokens_.end(i)};
}

uint32_t ChunkParser::string_end(uint32_t open) const {
  TokenType close =
      tokens_.type(open) == P::STR_START || tokens_.type(open) == P::QUOTED_ENUM_TAG_START
          ? static_cast<TokenType>(P::STR_END)
          : static_cast<TokenType>(P::MSTR_END);
  uint32_t i = open + 1;
  while (i < tokens_.size() && tokens_.type(i) != close)
    i = TokenArray::is_opener(tokens_.type(i)) ? tokens_.match(i) + 1 : i + 1;
  return i;
}

// The end of the simple atom at `b` (a literal, a variable or `a.b.c`, a string, a record
// or array, a simple dictionary or enum type, a simple value or chain in parentheses), or
// `b` if there is none before `e`.
uint32_t ChunkParser::atom_end(uint32_t b, uint32_t e, bool nested) const {
  TokenType t = tokens_.type(b);
  if (t == P::STR_START || t == P::MSTR_START || t == P::SYM_STR_START) {
    uint32_t end = string_end(b);
    return end < e ? end + 1 : b;
  }
  if (is_hole(tokens_, b)) return tokens_.match(b) < e ? tokens_.match(b) + 1 : b;
  if (t == P::LBRACE || t == P::ENUM_OPEN) return nested ? type_atom_end(b, e) : b;
  if (t == P::LPAREN) return nested ? paren_end(b, e) : b;
  if (!is_leaf(t)) return b;
  uint32_t i = b + 1;
  if (is_ident(t))
    while (i + 1 < e && tokens_.type(i) == P::DOT && is_extended_ident(tokens_.type(i + 1))) i += 2;
  return i;
}

// The type atoms of typed code, when every part is simple: a dictionary type `{_ : T}` or
// `{_ | T}` whose T is a simple value, and an enum type `[| 'a, 'b T; r |]` whose tags are
// unquoted and whose arguments are simple atoms. The end of the atom at `b`, or `b`.
uint32_t ChunkParser::type_atom_end(uint32_t b, uint32_t e) const {
  uint32_t close = tokens_.match(b);
  if (close == TokenArray::kNoMatch || close >= e) return b;
  if (tokens_.type(b) == P::LBRACE) {
    if (close < b + 4 || tokens_.type(b + 1) != P::UNDERSCORE) return b;
    if (tokens_.type(b + 2) != P::COLON && tokens_.type(b + 2) != P::PIPE) return b;
    return simple_value_shape(b + 3, close, nullptr, false) ? close + 1 : b;
  }
  // `[|` (rows `'tag atom?` separated by `,`, a trailing `,`) (`;` ident)? `|]`
  uint32_t i = b + 1;
  while (i < close && tokens_.type(i) == P::RAW_ENUM_TAG) {
    ++i;
    TokenType t = tokens_.type(i);
    if (i < close && t != P::COMMA && t != P::SEMI) {
      uint32_t end = atom_end(i, close, false);
      if (end == i) return b;
      i = end;
    }
    if (i < close && tokens_.type(i) == P::COMMA)
      ++i;
    else
      break;
  }
  if (i < close && tokens_.type(i) == P::SEMI) {
    if (i + 2 != close || !is_ident(tokens_.type(i + 1))) return b;
    i = close;
  }
  return i == close ? close + 1 : b;
}

// `( value )` where the value is simple or an operator chain without nested atoms (so not
// a section like `(+)` or `(-1)`). The end of the atom at `b`, or `b`.
uint32_t ChunkParser::paren_end(uint32_t b, uint32_t e) const {
  uint32_t close = tokens_.match(b);
  if (close == TokenArray::kNoMatch || close >= e) return b;
  if (simple_value_shape(b + 1, close, nullptr, false)) return close + 1;
  Ends cuts;
  uint32_t operands = 0;
  return chain_shape(b + 1, close, cuts, operands, false) ? close + 1 : b;
}

// Whether [b, e) is a value built by hand: one simple atom, `Array` and an atom, or an
// application of simple atoms. `ends` gets the end of each atom.
bool ChunkParser::simple_value_shape(uint32_t b, uint32_t e, Ends* ends, bool nested) const {
  if (b >= e) return false;
  bool array = tokens_.type(b) == P::ARRAY_T;
  uint32_t atoms = 0;
  for (uint32_t i = array ? b + 1 : b; i < e; ++atoms) {
    uint32_t end = atom_end(i, e, nested);
    if (end == i) return false;
    if (ends) ends->push_back(end);
    i = end;
  }
  return atoms > 0 && (!array || atoms == 1);
}

NodeId ChunkParser::simple_value(uint32_t b, uint32_t e) {
  Ends ends;
  simple_value_shape(b, e, &ends);
  if (tokens_.type(b) == P::ARRAY_T) {
    return file_.add(NodeKind::TypeArray, {tokens_.begin(b), tokens_.end(e - 1)}, {atom(b + 1, e)});
  }
  if (ends.size() == 1) return atom(b, e);
  Kids kids;
  uint32_t from = b;
  for (uint32_t end : ends) {
    kids.push_back(atom(from, end));
    from = end;
  }
  base::Span whole{tokens_.begin(b), tokens_.end(e - 1)};
  // `'Foo x` is an enum variant, not an application.
  if (kids.size() == 2 && file_.kind(kids[0]) == NodeKind::EnumTag)
    return file_.add(NodeKind::EnumVariant, whole, {kids[1]}, file_.payload(kids[0]));
  return file_.add(NodeKind::App, whole, kids.data(), static_cast<uint32_t>(kids.size()));
}

// The simple atom [b, e).
NodeId ChunkParser::atom(uint32_t b, uint32_t e) {
  TokenType t = tokens_.type(b);
  if (t == P::STR_START || t == P::MSTR_START || t == P::SYM_STR_START) return string(b, e);
  if (is_hole(tokens_, b)) return hole_expr(b);
  if (t == P::LBRACE || t == P::ENUM_OPEN) return type_atom(b);
  if (t == P::LPAREN) return paren(b);
  NodeId acc = leaf(b);
  for (uint32_t i = b + 2; i < e; i += 2)
    acc = file_.add(NodeKind::Select, {tokens_.begin(b), tokens_.end(i)}, {acc, name(i)});
  return acc;
}

// The type atom at `b`, whose shape type_atom_end accepted.
NodeId ChunkParser::type_atom(uint32_t b) {
  uint32_t close = tokens_.match(b);
  base::Span whole{tokens_.begin(b), tokens_.end(close)};
  if (tokens_.type(b) == P::LBRACE) {
    uint8_t flags = tokens_.type(b + 2) == P::PIPE ? ast::kDictContract : 0;
    return file_.add(NodeKind::TypeDict, whole, {simple_value(b + 3, close)}, 0, flags);
  }
  Kids kids;
  uint8_t flags = 0;
  uint32_t i = b + 1;
  while (i < close) {
    TokenType t = tokens_.type(i);
    if (t == P::COMMA) {
      ++i;
    } else if (t == P::SEMI) {
      kids.push_back(name(i + 1));
      flags = ast::kEnumTail;
      break;
    } else { // a row
      uint32_t tag = file_.names().intern(tokens_.text(i).substr(1)).index;
      uint32_t end = i + 1;
      TokenType next = tokens_.type(end);
      if (end < close && next != P::COMMA && next != P::SEMI) end = atom_end(end, close, false);
      Kids arg;
      if (end > i + 1) arg.push_back(atom(i + 1, end));
      kids.push_back(file_.add(NodeKind::EnumRow, {tokens_.begin(i), tokens_.end(end - 1)},
                               arg.data(), static_cast<uint32_t>(arg.size()), tag));
      i = end;
    }
  }
  return file_.add(NodeKind::TypeEnum, whole, kids.data(), static_cast<uint32_t>(kids.size()), 0,
                   flags);
}

// The parenthesised atom at `b`, whose shape paren_end accepted.
NodeId ChunkParser::paren(uint32_t b) {
  uint32_t close = tokens_.match(b);
  NodeId inner;
  if (simple_value_shape(b + 1, close, nullptr, false)) {
    inner = simple_value(b + 1, close);
  } else {
    Ends cuts;
    uint32_t operands = 0;
    chain_shape(b + 1, close, cuts, operands, false);
    inner = chain(b + 1, close, cuts, operands);
  }
  return file_.add(NodeKind::Paren, {tokens_.begin(b), tokens_.end(close)}, {inner});
}

NodeId ChunkParser::value(uint32_t b, uint32_t e, Item item, uint32_t open) {
  if (simple_value_shape(b, e, nullptr)) return simple_value(b, e);
  Ends cuts;
  uint32_t operands = 0;
  if (chain_shape(b, e, cuts, operands)) return chain(b, e, cuts, operands);
  return antlr_term(b, e, item, open);
}

NodeId ChunkParser::name(uint32_t i) {
  return file_.add(NodeKind::Name, span(i), {}, file_.names().intern(tokens_.text(i)).index);
}

NodeId ChunkParser::leaf(uint32_t i) {
  TokenType t = tokens_.type(i);
  base::Span s = span(i);
  switch (t) {
  case P::NUM_DEC: return file_.add(NodeKind::Num, s, {}, static_cast<uint32_t>(ast::NumBase::Dec));
  case P::NUM_HEX: return file_.add(NodeKind::Num, s, {}, static_cast<uint32_t>(ast::NumBase::Hex));
  case P::NUM_OCT: return file_.add(NodeKind::Num, s, {}, static_cast<uint32_t>(ast::NumBase::Oct));
  case P::NUM_BIN: return file_.add(NodeKind::Num, s, {}, static_cast<uint32_t>(ast::NumBase::Bin));
  case P::TRUE_LIT: return file_.add(NodeKind::Bool, s, {}, 1);
  case P::FALSE_LIT: return file_.add(NodeKind::Bool, s, {}, 0);
  case P::NULL_LIT: return file_.add(NodeKind::Null, s);
  case P::RAW_ENUM_TAG:
    return file_.add(NodeKind::EnumTag, s, {},
                     file_.names().intern(tokens_.text(i).substr(1)).index);
  case P::DYN:
    return file_.add(NodeKind::TypeBuiltin, s, {}, static_cast<uint32_t>(ast::BuiltinType::Dyn));
  case P::NUMBER_T:
    return file_.add(NodeKind::TypeBuiltin, s, {}, static_cast<uint32_t>(ast::BuiltinType::Number));
  case P::BOOL_T:
    return file_.add(NodeKind::TypeBuiltin, s, {}, static_cast<uint32_t>(ast::BuiltinType::Bool));
  case P::STRING_T:
    return file_.add(NodeKind::TypeBuiltin, s, {}, static_cast<uint32_t>(ast::BuiltinType::String));
  case P::UNDERSCORE: return file_.add(NodeKind::Wildcard, s);
  default: return file_.add(NodeKind::Var, s, {}, file_.names().intern(tokens_.text(i)).index);
  }
}

// [b, e) is exactly one string literal.
NodeId ChunkParser::string(uint32_t b, uint32_t e) {
  if (e - b == 3 && tokens_.type(b) == P::STR_START && tokens_.type(b + 1) == P::STR_TEXT) {
    // The common case: one run of ASCII text without line breaks to normalise.
    std::string_view text = tokens_.text(b + 1);
    bool plain = true;
    for (char c : text) plain &= static_cast<unsigned char>(c) < 0x80 && c != '\r';
    if (plain) {
      NodeId t = file_.add(NodeKind::StrText, span(b + 1), {}, file_.add_string(text).index);
      return file_.add(NodeKind::Str, {tokens_.begin(b), tokens_.end(e - 1)}, {t});
    }
  }
  StringChunks chunks(file_, diags_);
  uint32_t percents = StringChunks::percents(tokens_.text(b));
  uint32_t i = b + 1;
  while (i < e - 1) {
    TokenType t = tokens_.type(i);
    if (t == P::STR_INTERP || t == P::MSTR_INTERP) {
      uint32_t close = tokens_.match(i);
      uint32_t from = t == P::MSTR_INTERP
                          ? chunks.multiline_opener(tokens_.text(i), span(i), percents)
                          : tokens_.begin(i);
      NodeId inner = close == i + 1 ? antlr_term(i + 1, close, Item::Interpolation, i)
                                    : value(i + 1, close, Item::Interpolation, i);
      chunks.expr(inner, {from, tokens_.end(close)});
      i = close + 1;
      continue;
    }
    if (t == P::MSTR_TEXT || t == P::MSTR_PCT || t == P::MSTR_QUOTE)
      chunks.multiline_text(tokens_.text(i), span(i));
    else
      chunks.text_token(t, tokens_.text(i), span(i));
    ++i;
  }
  return chunks.finish(tokens_.text(b), tokens_.type(b), {tokens_.begin(b), tokens_.end(e - 1)});
}

} // namespace cairn::parse
