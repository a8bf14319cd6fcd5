// Bracket matching and repair for the token array; see lexer.h.
//
// The first pass matches every opener with its closer. When the brackets do not balance,
// a second pass rebuilds the array so that they do, and records what it changed:
//  - a closer that closes nothing is dropped;
//  - a closer of the wrong kind for the innermost opener, when no opener further out wants
//    it, is read as the closer the innermost one wants (`(a, b]` becomes `(a, b)`);
//  - a closer meant for an opener further out closes the ones in between first: a
//    zero-width closer is inserted for each (`{ a = (1 }` becomes `{ a = (1 ) }`);
//  - openers still open at the end of the input get zero-width closers there.
// The parser then works on balanced brackets, so an error stays inside the group it is in,
// and the recorded repairs become the bracket diagnostics (parse.cpp).
#include "CairnParser.h"
#include "compiler/parse/lexer.h"

#include <array>

namespace cairn::parse {

using P = cairn_gen::CairnParser;

namespace {

TokenType closer_for(TokenType opener) {
  switch (opener) {
  case P::LBRACKET: return P::RBRACKET;
  case P::LPAREN: return P::RPAREN;
  case P::ENUM_OPEN: return P::ENUM_CLOSE;
  default: return P::RBRACE; // `{` and the interpolation openers
  }
}

bool is_closer(TokenType t) {
  return t == P::RBRACE || t == P::RBRACKET || t == P::RPAREN || t == P::ENUM_CLOSE;
}

bool closes(TokenType opener, TokenType closer) {
  return TokenArray::is_opener(opener) && closer_for(opener) == closer;
}

// An index per kind of closer.
size_t kind(TokenType closer) {
  switch (closer) {
  case P::RBRACKET: return 1;
  case P::RPAREN: return 2;
  case P::ENUM_CLOSE: return 3;
  default: return 0;
  }
}

} // namespace

class BracketMatcher {
public:
  explicit BracketMatcher(TokenArray& tokens) : t_(tokens) {}

  void run() {
    if (match_in_place()) return;
    repair();
  }

private:
  static constexpr size_t kMaxIssues = 25;

  struct Open {
    uint32_t token;
    uint32_t rank;
  };

  // Records matches; false at the first problem.
  bool match_in_place() {
    std::vector<Open> stack;
    uint32_t rank = 0;
    for (uint32_t i = 0; i < t_.size(); ++i) {
      TokenType type = t_.type_[i];
      if (TokenArray::is_opener(type)) {
        stack.push_back({i, rank++});
      } else if (is_closer(type)) {
        if (stack.empty() || !closes(t_.type_[stack.back().token], type)) return false;
        t_.match_[stack.back().rank] = i;
        stack.pop_back();
      }
    }
    return stack.empty();
  }

  void issue(BracketIssue::Kind kind, uint32_t opener, uint32_t at_begin, uint32_t at_end,
             TokenType want, bool eof = false) {
    if (t_.bracket_issues_.size() >= kMaxIssues) {
      t_.bracket_issues_truncated_ = true;
      return;
    }
    BracketIssue b{kind, 0, 0, at_begin, at_end, want, eof};
    if (opener != TokenArray::kNoMatch) {
      b.opener_begin = t_.begin_[opener];
      b.opener_end = t_.end(opener);
    }
    t_.bracket_issues_.push_back(b);
  }

  void repair() {
    TokenArray out;
    out.text_ = t_.text_;
    out.issues_ = std::move(t_.issues_);
    out.type_.reserve(t_.size() + 16);
    out.begin_.reserve(t_.size() + 16);
    std::vector<Open> stack;        // in `out`
    std::vector<uint32_t> original; // for each open entry, its token in `t_`
    // How many open brackets of each kind each interpolation level holds (the innermost
    // level last); a closer looks no further out than its level. With these counts, a
    // closer that closes nothing costs no search, so repair stays linear.
    std::vector<std::array<uint32_t, 4>> levels(1, std::array<uint32_t, 4>{});
    auto open = [&](TokenType type, uint32_t from) {
      if (type == P::STR_INTERP || type == P::MSTR_INTERP) levels.push_back({});
      ++levels.back()[kind(closer_for(type))];
      stack.push_back({out.size(), static_cast<uint32_t>(out.match_.size())});
      original.push_back(from);
      out.push(type, t_.begin_[from]);
    };
    auto close = [&](TokenType type, uint32_t at, bool zero_width) {
      Open o = stack.back();
      TokenType opener = out.type_[o.token];
      --levels.back()[kind(closer_for(opener))];
      if (opener == P::STR_INTERP || opener == P::MSTR_INTERP) levels.pop_back();
      stack.pop_back();
      original.pop_back();
      out.match_[o.rank] = out.size();
      out.push(type, at);
      if (zero_width) out.mark_virtual(out.size() - 1);
    };
    for (uint32_t i = 0; i < t_.size(); ++i) {
      TokenType type = t_.type_[i];
      uint32_t b = t_.begin_[i];
      if (TokenArray::is_opener(type)) {
        open(type, i);
        continue;
      }
      if (!is_closer(type)) {
        out.push(type, b);
        continue;
      }
      // The opener this closes: the innermost that takes it, but never past an
      // interpolation (the lexer's modes follow interpolations).
      bool found = levels.back()[kind(type)] > 0;
      size_t k = stack.size();
      if (found)
        while (!closes(out.type_[stack[k - 1].token], type)) --k;
      if (!found) {
        if (stack.empty()) {
          issue(BracketIssue::Stray, TokenArray::kNoMatch, b, t_.end(i), 0);
          continue; // dropped
        }
        TokenType top = out.type_[stack.back().token];
        TokenType want = closer_for(top);
        issue(BracketIssue::Mismatch, original.back(), b, t_.end(i), want);
        // Read as the closer the innermost opener wants, when that is a plain bracket of
        // the same width; else dropped.
        if (top == P::LBRACE || top == P::LBRACKET || top == P::LPAREN) {
          if (type != P::ENUM_CLOSE) close(want, b, false);
        }
        continue;
      }
      while (stack.size() > k) {
        TokenType want = closer_for(out.type_[stack.back().token]);
        issue(BracketIssue::Unclosed, original.back(), b, t_.end(i), want);
        close(want, b, true);
      }
      close(type, b, false);
    }
    // Brackets still open close where the last token ends.
    uint32_t last = out.size() ? out.end(out.size() - 1) : 0;
    if (!stack.empty()) out.unclosed_ = stack.back().token;
    while (!stack.empty()) {
      TokenType want = closer_for(out.type_[stack.back().token]);
      issue(BracketIssue::Unclosed, original.back(), last, last, want, true);
      close(want, last, true);
    }
    out.bracket_issues_ = std::move(t_.bracket_issues_);
    out.bracket_issues_truncated_ = t_.bracket_issues_truncated_;
    t_ = std::move(out);
  }

  TokenArray& t_;
};

void match_brackets(TokenArray& tokens) {
  BracketMatcher(tokens).run();
}

} // namespace cairn::parse
