// The items of a bracket level (see builder.h for the design): opening and closing an
// item and the head of a record field, the `if`/`fun` constructs open in it, and where
// each atom goes (Builder::atom, Builder::keyword_atom).
#include "compiler/format/builder.h"

namespace cairn::format::detail {

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

} // namespace cairn::format::detail
