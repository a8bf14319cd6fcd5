// The lexer: source bytes in, a compact token array out.
//
//   TokenArray tokens = lex(text);
//
// It produces exactly the tokens of the grammar's lexer (grammar/CairnLexer.g4): the same
// token types (the generated `CairnParser::LET`...), the same boundaries, the same lexical
// problems; tests/unit/lexer_test.cpp and the lexer fuzzer check that against the generated
// ANTLR lexer, which stays the specification. It exists because the generated lexer costs
// ~90 ns per byte and allocates one object per token; this one is a hand-written loop over
// the bytes that stores 5 bytes per token.
//
// Whitespace is not stored and comments are not tokens (the parser never sees them); the
// byte span of each comment is kept in a side table, `comments()`, for the formatter and
// the language server (documentation). A UTF-8 byte order
// mark at offset 0 is skipped. Besides the tokens, the array records which brackets match:
// every `{` `[` `(` `[|` and interpolation opener `%{` knows the index of its closing token,
// which lets the parser skip over bracketed groups without looking inside (see
// chunk_parser.h). When the brackets do not balance, the array is repaired until they do
// and the repairs are kept for reporting (brackets.cpp).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace cairn::parse {

enum class LexProblem : uint8_t {
  UnterminatedString,
  UnterminatedMultiline,
  DelimiterMismatch,
  UnmatchedBrace
};

struct LexIssue {
  LexProblem problem;
  uint32_t begin; // byte span of the offending delimiter
  uint32_t end;
};

// A repair the bracket matcher made (brackets.cpp), to be reported: a closer that closes
// nothing (Stray), a closer of the wrong kind for the innermost opener (Mismatch), or an
// opener left open at a closer meant for an opener further out or at the end of the input
// (Unclosed). Offsets are bytes.
struct BracketIssue {
  enum Kind : uint8_t { Stray, Mismatch, Unclosed };
  Kind kind;
  uint32_t opener_begin; // Mismatch, Unclosed
  uint32_t opener_end;
  uint32_t at_begin; // the closer, or the end of the input
  uint32_t at_end;
  uint8_t want; // the closer the opener takes (a token type)
  bool eof;     // Unclosed at the end of the input: `at` is just after the last token
};

// Token types are the generated parser's (`CairnParser::LET`...); they fit in a byte.
using TokenType = uint8_t;

// Tokens as parallel arrays: 5 bytes per token (type and start offset). A token's end is
// recomputed from its start and type when asked (token_end.cpp); the match of each opener
// is kept in a side array indexed by the opener's rank among openers, which a bitmap with
// per-block counts finds in constant time.
class TokenArray {
public:
  static constexpr uint32_t kNoMatch = 0xffffffffu;

  uint32_t size() const { return static_cast<uint32_t>(type_.size()); }
  TokenType type(uint32_t i) const { return type_[i]; }
  uint32_t begin(uint32_t i) const { return begin_[i]; }
  // Exclusive end offset.
  uint32_t end(uint32_t i) const;
  // The index of the token closing opener `i`, or kNoMatch (also for non-openers).
  uint32_t match(uint32_t i) const {
    uint64_t bits = opener_bits_[i >> 6];
    uint64_t bit = uint64_t(1) << (i & 63);
    if (!(bits & bit)) return kNoMatch;
    return match_[rank_base_[i >> 6] +
                  static_cast<uint32_t>(__builtin_popcountll(bits & (bit - 1)))];
  }
  std::string_view text(uint32_t i) const { return text_.substr(begin(i), end(i) - begin(i)); }
  std::string_view source() const { return text_; }
  // True when every bracket and interpolation was closed by the right token; when not,
  // the array has been repaired so that they are (brackets.cpp).
  bool balanced() const { return bracket_issues_.empty() && !bracket_issues_truncated_; }
  const std::vector<LexIssue>& issues() const { return issues_; }
  // Every `#` comment outside strings, in source order: from the `#` to the end of its line
  // (the line terminator excluded).
  struct Comment {
    uint32_t begin;
    uint32_t end;
  };
  const std::vector<Comment>& comments() const { return comments_; }
  const std::vector<BracketIssue>& bracket_issues() const { return bracket_issues_; }
  // More repairs were made than recorded (the first 25 are).
  bool bracket_issues_truncated() const { return bracket_issues_truncated_; }
  // The innermost opener the repair closed at the end of the input, or kNoMatch.
  uint32_t unclosed() const { return unclosed_; }
  // Whether token `i` is a zero-width closer the repair added.
  bool is_virtual(uint32_t i) const {
    return (i >> 6) < virtual_bits_.size() && (virtual_bits_[i >> 6] >> (i & 63)) & 1;
  }
  size_t memory_bytes() const {
    return type_.capacity() + begin_.capacity() * 4 + opener_bits_.capacity() * 8 +
           rank_base_.capacity() * 4 + match_.capacity() * 4 + comments_.capacity() * 8;
  }

  // `{` `[` `(` `[|` `%{`: the tokens whose match is recorded.
  static bool is_opener(TokenType t);

private:
  friend class Scanner;
  friend class BracketMatcher;
  void mark_virtual(uint32_t i) {
    if (virtual_bits_.size() <= (i >> 6)) virtual_bits_.resize((i >> 6) + 1, 0);
    virtual_bits_[i >> 6] |= uint64_t(1) << (i & 63);
  }
  // Appends a token; returns its rank among openers if it is one.
  void push(TokenType type, uint32_t begin) {
    uint32_t i = size();
    if ((i & 63) == 0) {
      opener_bits_.push_back(0);
      rank_base_.push_back(static_cast<uint32_t>(match_.size()));
    }
    type_.push_back(type);
    begin_.push_back(begin);
    if (is_opener(type)) {
      opener_bits_.back() |= uint64_t(1) << (i & 63);
      match_.push_back(kNoMatch);
    }
  }

  std::string_view text_;
  std::vector<TokenType> type_;
  std::vector<uint32_t> begin_;
  std::vector<uint64_t> opener_bits_;  // bit i: token i is an opener
  std::vector<uint32_t> rank_base_;    // openers before each block of 64 tokens
  std::vector<uint32_t> match_;        // per opener in token order: its closer
  std::vector<uint64_t> virtual_bits_; // zero-width closers added by the repair
  std::vector<LexIssue> issues_;
  std::vector<Comment> comments_;
  std::vector<BracketIssue> bracket_issues_;
  bool bracket_issues_truncated_ = false;
  uint32_t unclosed_ = kNoMatch;
};

// Lexes `text` (which must outlive the array) and matches its brackets.
TokenArray lex(std::string_view text);
// Only the lexing: the tokens as the grammar's lexer gives them, brackets neither matched
// nor repaired (for the tests that compare the two lexers).
TokenArray lex_tokens(std::string_view text);

// Matches (and, if need be, repairs) the brackets of a freshly lexed array (brackets.cpp).
void match_brackets(TokenArray& tokens);

} // namespace cairn::parse
