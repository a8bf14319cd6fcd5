// The layout of a token stream: tokens and comments to layout commands (layout.h).
//
// One linear pass over "atoms" (a token, or a whole string literal with its
// interpolations, copied verbatim), with an explicit stack of bracket levels: no recursion
// on nesting depth. At each level the atoms are split into items at the commas of that
// level (commas between `let` bindings excepted); each item is a group, itself split into
// `let ... in` segments, and each segment breaks before its `|>` `&` `&&` `||` operators
// when it does not fit. Comments are attached to the atom before them when they share its
// line (trailing) and to the atom after them otherwise (leading); the trailing comments of
// an item's last atom move after the item's comma.
//
// This header holds what the two halves of the builder share: the atoms, comments and
// open constructs, and the Builder class. build.cpp makes the atoms, attaches the comments
// and runs the pass over the bracket levels; build_items.cpp splits a level into items,
// segments and the groups of `if`/`fun` constructs.
#pragma once

#include "CairnParser.h"
#include "compiler/format/layout.h"
#include "compiler/parse/lexer.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace cairn::format::detail {

using P = cairn_gen::CairnParser;
using parse::TokenType;

inline constexpr uint32_t kNone = 0xffffffffu;

struct Atom {
  uint32_t begin, end; // bytes
  TokenType type;      // the first token's type
  bool blank = false;  // an empty line before it (after its leading comments, if any)
  uint32_t lead_begin = 0, lead_end = 0;   // leading comments [b, e)
  uint32_t trail_begin = 0, trail_end = 0; // trailing comments [b, e)
};

struct Comment {
  uint32_t begin, end; // trailing whitespace trimmed
  bool blank;          // an empty line before it
};

inline bool is_string_start(TokenType t) {
  return t == P::STR_START || t == P::QUOTED_ENUM_TAG_START || t == P::MSTR_START ||
         t == P::SYM_STR_START;
}
inline bool is_opener(TokenType t) {
  return t == P::LBRACE || t == P::LBRACKET || t == P::LPAREN || t == P::ENUM_OPEN;
}
inline bool is_closer(TokenType t) {
  return t == P::RBRACE || t == P::RBRACKET || t == P::RPAREN || t == P::ENUM_CLOSE;
}
// Atoms after which a `-` is binary.
inline bool ends_value(TokenType t) {
  switch (t) {
  case P::IDENT:
  case P::NUM_DEC:
  case P::NUM_HEX:
  case P::NUM_OCT:
  case P::NUM_BIN:
  case P::NULL_LIT:
  case P::TRUE_LIT:
  case P::FALSE_LIT:
  case P::DYN:
  case P::NUMBER_T:
  case P::BOOL_T:
  case P::STRING_T:
  case P::ARRAY_T:
  case P::RAW_ENUM_TAG:
  case P::UNDERSCORE: return true;
  default: return is_string_start(t) || is_closer(t);
  }
}
// Operators a segment breaks before.
inline bool is_chain_operator(TokenType t) {
  return t == P::PIPE_GT || t == P::AMP || t == P::ANDAND || t == P::OROR;
}

inline uint32_t newlines(std::string_view text, uint32_t b, uint32_t e) {
  uint32_t n = 0;
  for (uint32_t i = b; i < e; ++i) n += text[i] == '\n';
  return n;
}

// An `if` or a `fun`/match arm body open in the current item: groups that end where the
// expression ends (the end of the item or segment, or an `in`, `then` or `else` that
// belongs to an enclosing expression).
struct Construct {
  enum Kind : uint8_t { If, Arrow } kind;
  enum State : uint8_t { Cond, Then, Else } state;
  int let_depth;
  bool indented;
  bool chain_indented = false; // a `|>`... chain in its body broke with an indent
  // Whether lines in the body belong to this construct's group: a `fun` body on its own
  // line, or a branch of an `if`.
  bool hosts_lines() const { return kind == If ? state != Cond : indented; }
};

class Builder {
public:
  Builder(std::string_view text, const parse::TokenArray& tokens)
      : text_(text), tokens_(tokens), out_(text) {}

  Layout run();

private:
  struct Level {
    TokenType kind = 0; // the opener, or 0 for the file
    bool in_item = false;
    bool first_item = true;
    bool seg_indented = false;    // the segment's continuation indent is open
    bool segments_indented = false;
    bool segment_break = false;   // an `in` ended a segment; the next atom starts one
    bool has_semi = false;        // the item has a `; tail`
    bool starts_ellipsis = false; // the item is `..` or `..rest`
    bool forall_dot = false;      // a `forall` waits for its `.`
    int let_depth = 0;
    // A record field's head (path and annotations), a group of its own: broken before
    // each `:`, `|` and the `=` when it does not fit.
    bool head_open = false;
    bool head_indented = false;
    bool value_indented = false; // the value's indent_if_broken is open
    uint32_t head_group = 0;
    std::vector<Construct> constructs;
    TokenType first_type = 0; // the item's first atom
    uint32_t opener = kNone;  // the level's opener atom
    TokenType prev = 0;      // the previous atom of the item (0 at its start)
    bool prev_unary = false; // it is a prefix `-` or `!`
    uint32_t last = kNone;   // its index
  };

  void make_atoms();
  void attach_comments();
  void leading_own_lines(const Atom& a, bool allow_blank);
  void trailing(uint32_t atom);
  void open_item(Level& level, uint32_t i);
  void close_item(Level& level, uint32_t separator, bool last);
  void atom(Level& level, uint32_t i);
  void close_head(Level& level);
  void pop_construct(Level& level);
  void close_constructs(Level& level, int below_let_depth);
  bool keyword_atom(Level& level, uint32_t i);
  bool allows_trailing_comma(const Level& level) const {
    return (level.kind == P::LBRACE || level.kind == P::LBRACKET || level.kind == P::ENUM_OPEN) &&
           !level.has_semi && !level.starts_ellipsis;
  }

  std::string_view text_;
  const parse::TokenArray& tokens_;
  Layout out_;
  std::vector<Atom> atoms_;
  std::vector<Comment> comments_;
  uint32_t final_begin_ = 0; // comments after the last atom
  std::vector<Level> levels_;
  uint32_t pending_trail_ = kNone; // an atom whose trailing comments wait
};

} // namespace cairn::format::detail
