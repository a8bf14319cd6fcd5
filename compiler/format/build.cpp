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
#include "CairnParser.h"
#include "compiler/format/format.h"
#include "compiler/format/layout.h"
#include "compiler/parse/lexer.h"

namespace cairn::format {

using P = cairn_gen::CairnParser;
using parse::TokenType;

namespace {

constexpr uint32_t kNone = 0xffffffffu;

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

bool is_string_start(TokenType t) {
  return t == P::STR_START || t == P::QUOTED_ENUM_TAG_START || t == P::MSTR_START ||
         t == P::SYM_STR_START;
}
bool is_opener(TokenType t) {
  return t == P::LBRACE || t == P::LBRACKET || t == P::LPAREN || t == P::ENUM_OPEN;
}
bool is_closer(TokenType t) {
  return t == P::RBRACE || t == P::RBRACKET || t == P::RPAREN || t == P::ENUM_CLOSE;
}
// Atoms after which a `-` is binary.
bool ends_value(TokenType t) {
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
bool is_chain_operator(TokenType t) {
  return t == P::PIPE_GT || t == P::AMP || t == P::ANDAND || t == P::OROR;
}

uint32_t newlines(std::string_view text, uint32_t b, uint32_t e) {
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

void Builder::make_atoms() {
  const uint32_t n = tokens_.size();
  atoms_.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    TokenType t = tokens_.type(i);
    if (tokens_.is_virtual(i)) continue;
    if (!is_string_start(t)) {
      atoms_.push_back({tokens_.begin(i), tokens_.end(i), t});
      continue;
    }
    uint32_t depth = 0, j = i;
    for (; j < n; ++j) {
      TokenType u = tokens_.type(j);
      if (is_string_start(u)) ++depth;
      if ((u == P::STR_END || u == P::MSTR_END) && --depth == 0) break;
    }
    if (j >= n) j = n - 1;
    atoms_.push_back({tokens_.begin(i), tokens_.end(j), t});
    i = j;
  }
}

void Builder::attach_comments() {
  const auto& raw = tokens_.comments();
  comments_.reserve(raw.size());
  std::vector<uint32_t> owner;      // per comment: its atom (atoms_.size() for the end)
  std::vector<bool> is_trailing;
  size_t a = 0;                     // the first atom starting after the comment
  uint32_t prev_end = 0;            // the end of the previous atom or comment
  for (const auto& c : raw) {
    while (a < atoms_.size() && atoms_[a].begin < c.begin) {
      prev_end = atoms_[a].end;
      ++a;
    }
    if (a > 0 && atoms_[a - 1].end > c.begin) continue; // inside a string's interpolation
    uint32_t e = c.end;
    while (e > c.begin && (text_[e - 1] == ' ' || text_[e - 1] == '\t' || text_[e - 1] == '\r')) --e;
    bool trailing_prev = a > 0 && atoms_[a - 1].end == prev_end &&
                         newlines(text_, prev_end, c.begin) == 0;
    comments_.push_back({c.begin, e, prev_end > 0 && newlines(text_, prev_end, c.begin) >= 2});
    owner.push_back(trailing_prev ? static_cast<uint32_t>(a - 1) : static_cast<uint32_t>(a));
    is_trailing.push_back(trailing_prev);
    prev_end = c.end;
  }
  // Blank lines before atoms: from the end of whatever precedes them.
  {
    size_t c = 0;
    uint32_t last_end = 0;
    for (size_t k = 0; k < atoms_.size(); ++k) {
      while (c < comments_.size() && comments_[c].begin < atoms_[k].begin) last_end = comments_[c++].end;
      atoms_[k].blank = last_end > 0 && newlines(text_, last_end, atoms_[k].begin) >= 2;
      last_end = atoms_[k].end;
    }
  }
  final_begin_ = static_cast<uint32_t>(comments_.size());
  for (uint32_t c = 0; c < comments_.size(); ++c) {
    uint32_t k = owner[c];
    if (k == atoms_.size()) {
      if (final_begin_ == comments_.size()) final_begin_ = c;
      continue;
    }
    Atom& at = atoms_[k];
    if (is_trailing[c]) {
      if (at.trail_end == 0) at.trail_begin = c;
      at.trail_end = c + 1;
    } else {
      if (at.lead_end == 0) at.lead_begin = c;
      at.lead_end = c + 1;
    }
  }
}

// Leading comments each on a line of its own.
void Builder::leading_own_lines(const Atom& a, bool allow_blank) {
  for (uint32_t c = a.lead_begin; c < a.lead_end; ++c) {
    out_.hard();
    out_.text(comments_[c].begin, comments_[c].end, allow_blank && comments_[c].blank);
    out_.hard();
    allow_blank = true;
  }
}

void Builder::trailing(uint32_t atom) {
  if (atom == kNone) return;
  const Atom& a = atoms_[atom];
  for (uint32_t c = a.trail_begin; c < a.trail_end; ++c) {
    out_.space();
    out_.text(comments_[c].begin, comments_[c].end);
    out_.hard();
  }
}

void Builder::open_item(Level& level, uint32_t i) {
  if (level.kind == P::LBRACE || level.kind == P::ENUM_OPEN) {
    out_.line();
  } else if (level.kind == P::LBRACKET) {
    if (level.first_item)
      out_.tight();
    else
      out_.line();
  }
  const Atom& a = atoms_[i];
  leading_own_lines(a, !level.first_item);
  out_.begin(); // the item
  out_.begin(); // its first segment
  level.head_open = level.kind == P::LBRACE;
  level.head_indented = level.value_indented = false;
  if (level.head_open) level.head_group = out_.begin();
  level.constructs.clear();
  level.in_item = true;
  level.seg_indented = level.segments_indented = false;
  level.segment_break = level.has_semi = level.forall_dot = false;
  level.starts_ellipsis = a.type == P::ELLIPSIS;
  level.first_type = a.type;
  level.let_depth = 0;
  level.prev = 0;
  level.last = kNone;
  level.prev_unary = false;
}

void Builder::close_head(Level& level) {
  if (!level.head_open) return;
  if (level.head_indented) out_.dedent();
  out_.end();
  level.head_open = false;
}

void Builder::pop_construct(Level& level) {
  Construct c = level.constructs.back();
  level.constructs.pop_back();
  if (c.chain_indented) out_.dedent();
  if (c.indented) out_.dedent();
  if (c.kind == Construct::If || c.indented) out_.end();
}

void Builder::close_constructs(Level& level, int below_let_depth) {
  while (!level.constructs.empty() && level.constructs.back().let_depth > below_let_depth)
    pop_construct(level);
}

void Builder::close_item(Level& level, uint32_t separator, bool last) {
  close_constructs(level, -1);
  close_head(level);
  if (level.seg_indented) out_.dedent();
  if (level.value_indented) out_.dedent();
  out_.end(); // the segment
  if (level.segments_indented) out_.dedent();
  out_.end(); // the item
  if (last) {
    if (allows_trailing_comma(level)) out_.if_break_comma();
  } else if (separator != kNone) {
    out_.text(atoms_[separator].begin, atoms_[separator].end);
  }
  trailing(level.last);
  pending_trail_ = kNone;
  if (separator != kNone) {
    leading_own_lines(atoms_[separator], true);
    trailing(separator);
  }
  level.in_item = false;
  level.first_item = false;
}

void Builder::atom(Level& level, uint32_t i) {
  const Atom& a = atoms_[i];
  bool item_start = !level.in_item;
  if (item_start) {
    open_item(level, i);
  } else {
    trailing(pending_trail_);
    pending_trail_ = kNone;
    if (level.segment_break) {
      level.segment_break = false;
      close_constructs(level, -1);
      close_head(level);
      if (level.seg_indented) out_.dedent();
      if (level.value_indented) out_.dedent();
      level.value_indented = false;
      level.seg_indented = false;
      out_.end();
      // Segments after the first are indented unless the item starts with `let`.
      if (!level.segments_indented && level.first_type != P::LET) {
        out_.indent();
        level.segments_indented = true;
      }
      out_.line();
      leading_own_lines(a, true);
      out_.begin();
      level.prev = 0;
    } else {
      leading_own_lines(a, true);
    }
  }
  if (keyword_atom(level, i)) return;
  if (!item_start && level.prev != 0) {
    Construct* host = level.constructs.empty() ? nullptr : &level.constructs.back();
    if (is_chain_operator(a.type) && !level.head_open &&
        (host ? host->hosts_lines() && level.let_depth == host->let_depth : level.let_depth == 0)) {
      bool& indented = host ? host->chain_indented : level.seg_indented;
      if (!indented) {
        out_.indent();
        indented = true;
      }
      out_.line();
    } else {
      TokenType p = level.prev;
      bool space = true;
      if (a.type == P::COMMA || a.type == P::SEMI || a.type == P::DOT) space = false;
      else if (p == P::DOT || level.prev_unary) space = false;
      else if (p == P::ELLIPSIS && a.type == P::IDENT) space = false;
      if (space) out_.space();
    }
  }
  bool blank = a.blank && !(item_start && level.first_item);
  TokenType t = a.type;
  if (is_opener(t)) {
    out_.begin();
    out_.text(a.begin, a.end, blank);
    trailing(i);
    if (t != P::LPAREN) out_.indent();
    Level inner;
    inner.kind = t;
    inner.opener = i;
    level.prev = t;
    level.last = i;
    levels_.push_back(inner);
    return;
  }
  if (t == P::IN && level.let_depth > 0) close_constructs(level, level.let_depth - 1);
  out_.text(a.begin, a.end, blank);
  bool unary = false;
  if (t == P::MINUS) unary = level.prev == 0 || !ends_value(level.prev);
  if (t == P::BANG) unary = true;
  if (t == P::LET) ++level.let_depth;
  bool line_after = false;
  if (t == P::IN && level.let_depth > 0) {
    --level.let_depth;
    Construct* host = level.constructs.empty() ? nullptr : &level.constructs.back();
    if (host && host->let_depth == level.let_depth && host->hosts_lines())
      line_after = true; // a `let` chain in a body: one binding per line when it breaks
    else if (!host && level.let_depth == 0)
      level.segment_break = true;
  }
  if (t == P::SEMI && level.let_depth == 0) level.has_semi = true;
  if (t == P::FORALL) level.forall_dot = true;
  level.prev = t;
  if (t == P::DOT && level.forall_dot) {
    level.forall_dot = false;
    level.prev = P::COLON; // a space after the binders' dot
  }
  level.prev_unary = unary;
  level.last = i;
  pending_trail_ = i;
  if (line_after) {
    trailing(i);
    pending_trail_ = kNone;
    out_.line();
    level.prev = 0;
  }
  if (t == P::FAT_ARROW && i + 1 < atoms_.size() && !is_opener(atoms_[i + 1].type) &&
      !is_closer(atoms_[i + 1].type) && atoms_[i + 1].type != P::COMMA) {
    // A body that does not start with a bracket goes on its own line when it does not fit.
    trailing(i);
    pending_trail_ = kNone;
    out_.begin();
    out_.indent();
    out_.line();
    level.constructs.push_back({Construct::Arrow, Construct::Cond, level.let_depth, true});
    level.prev = 0;
  } else if (t == P::FAT_ARROW) {
    level.constructs.push_back({Construct::Arrow, Construct::Cond, level.let_depth, false});
  }
}

// The atoms that shape the item around them: annotations of a field's head and its `=`,
// `if`/`then`/`else`. Emits the atom and returns true, or returns false for a plain atom.
bool Builder::keyword_atom(Level& level, uint32_t i) {
  const Atom& a = atoms_[i];
  TokenType t = a.type;
  auto emit = [&](TokenType prev_after) {
    out_.text(a.begin, a.end, a.blank);
    level.prev = prev_after;
    level.prev_unary = false;
    level.last = i;
    pending_trail_ = i;
  };
  if (level.head_open && level.let_depth == 0 && level.constructs.empty() &&
      (t == P::COLON || t == P::PIPE || t == P::EQ)) {
    if (t == P::EQ && !level.head_indented) {
      out_.space();
      emit(t);
      close_head(level);
      return true;
    }
    if (!level.head_indented) {
      out_.indent();
      level.head_indented = true;
    }
    out_.line();
    emit(t);
    if (t == P::EQ) {
      uint32_t group = level.head_group;
      close_head(level);
      out_.indent_if_broken(group);
      level.value_indented = true;
    }
    return true;
  }
  if (t == P::IF) {
    bool chained = level.prev == P::ELSE && !level.constructs.empty() &&
                   level.constructs.back().kind == Construct::If;
    if (level.prev != 0) out_.space();
    if (chained) {
      level.constructs.back().state = Construct::Cond;
    } else {
      out_.begin();
      level.constructs.push_back({Construct::If, Construct::Cond, level.let_depth, false});
    }
    emit(t);
    return true;
  }
  if (t == P::THEN || t == P::ELSE) {
    Construct::State want = t == P::THEN ? Construct::Cond : Construct::Then;
    while (!level.constructs.empty() &&
           !(level.constructs.back().kind == Construct::If && level.constructs.back().state == want))
      pop_construct(level);
    if (level.constructs.empty()) return false;
    Construct& c = level.constructs.back();
    if (t == P::THEN) {
      out_.space();
      emit(t);
      trailing(i);
      pending_trail_ = kNone;
      out_.indent();
      out_.line();
      c.indented = true;
      c.state = Construct::Then;
      level.prev = 0;
      return true;
    }
    if (c.chain_indented) out_.dedent();
    c.chain_indented = false;
    out_.dedent();
    out_.line();
    emit(t);
    c.state = Construct::Else;
    c.indented = false;
    bool chained = i + 1 < atoms_.size() && atoms_[i + 1].type == P::IF;
    if (!chained) {
      trailing(i);
      pending_trail_ = kNone;
      out_.indent();
      out_.line();
      c.indented = true;
      level.prev = 0;
    }
    return true;
  }
  return false;
}

Layout Builder::run() {
  make_atoms();
  attach_comments();
  levels_.push_back(Level{});
  for (uint32_t i = 0; i < atoms_.size(); ++i) {
    const Atom& a = atoms_[i];
    Level& level = levels_.back();
    if (is_closer(a.type) && levels_.size() > 1) {
      if (level.in_item) close_item(level, kNone, true);
      else {
        trailing(pending_trail_);
        pending_trail_ = kNone;
      }
      const Atom& opener = atoms_[level.opener];
      bool has_comments = a.lead_end > a.lead_begin || opener.trail_end > opener.trail_begin;
      leading_own_lines(a, true);
      TokenType kind = level.kind;
      bool empty = level.first_item && !has_comments;
      if (kind != P::LPAREN) out_.dedent();
      if (!empty) {
        if (kind == P::LBRACE || kind == P::ENUM_OPEN) out_.line();
        else if (kind == P::LBRACKET) out_.tight();
      }
      out_.text(a.begin, a.end);
      out_.end();
      levels_.pop_back();
      Level& parent = levels_.back();
      parent.prev = a.type;
      parent.prev_unary = false;
      parent.last = i;
      pending_trail_ = i;
      continue;
    }
    if (a.type == P::COMMA && level.in_item && level.let_depth == 0 && level.kind != 0 &&
        level.kind != P::LPAREN) {
      bool last = i + 1 < atoms_.size() && is_closer(atoms_[i + 1].type);
      close_item(level, i, last);
      continue;
    }
    atom(level, i);
  }
  while (levels_.size() > 1) levels_.pop_back(); // unbalanced input: not formatted anyway
  Level& file = levels_.back();
  if (file.in_item) close_item(file, kNone, false);
  trailing(pending_trail_);
  for (uint32_t c = final_begin_; c < comments_.size(); ++c) {
    out_.hard();
    out_.text(comments_[c].begin, comments_[c].end, comments_[c].blank);
    out_.hard();
  }
  return std::move(out_);
}

} // namespace

std::string layout(std::string_view text, const Options& options) {
  parse::TokenArray tokens = parse::lex(text);
  Builder builder(text, tokens);
  Layout doc = builder.run();
  return doc.print(options.width, options.indent);
}

} // namespace cairn::format
