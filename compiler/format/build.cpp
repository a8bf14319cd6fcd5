// The layout of a token stream (see builder.h for the design): the atoms and their
// comments, the pass over the bracket levels (Builder::run) and `layout`, the entry point
// of format.h. The items inside a level are build_items.cpp.
#include "compiler/format/builder.h"
#include "compiler/format/format.h"

#include <string>
#include <utility>

namespace cairn::format {

namespace detail {

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

} // namespace detail

using detail::Builder;

std::string layout(std::string_view text, const Options& options) {
  parse::TokenArray tokens = parse::lex(text);
  Builder builder(text, tokens);
  Layout doc = builder.run();
  return doc.print(options.width, options.indent);
}

} // namespace cairn::format
