// Searching strings by whole characters (extended grapheme clusters), as Nickel does.
//
// A string of the language is a sequence of grapheme clusters, so a substring or a regex
// match counts only when it starts and ends on cluster boundaries: "❤" is not found in
// "👨‍❤️‍💋‍👨" (a kiss emoji of one cluster), `split ""` cuts between clusters, `replace ""`
// inserts at every boundary. Regexes are RE2's, with the Perl classes that Nickel's regex
// engine reads as Unicode (`\d`, `\w`) translated to their Unicode form, and `\p{Emoji}`,
// which RE2 lacks, to a class of code points.
#pragma once

#include <re2/re2.h>

#include <string>
#include <string_view>
#include <vector>

namespace cairn::eval {

// A text and its cluster boundaries (all byte offsets when it is ASCII without '\r').
class ClusterText {
public:
  explicit ClusterText(std::string_view s);
  std::string_view text() const { return s_; }
  // Whether byte offset `i` (0..size) is a cluster boundary.
  bool boundary(size_t i) const { return all_ || at_[i]; }
  // The first boundary after `i` (size when there is none).
  size_t next_boundary(size_t i) const;
  // The offset of the first occurrence of `pat` at or after `pos` whose ends are both
  // boundaries, or npos. An empty pattern is found at the next boundary.
  size_t find(std::string_view pat, size_t pos) const;

private:
  std::string_view s_;
  bool all_ = true;
  std::vector<bool> at_;
};

// `s` with each whole occurrence of `pat` replaced by `rep`; an empty `pat` inserts `rep`
// at every boundary (`replace "" "a" "bnn"` is "abanana").
std::string replace_whole(std::string_view s, std::string_view pat, std::string_view rep);
// The parts of `s` between whole occurrences of `sep`, without an empty last one (Nickel's
// `split "a" "banana"` is ["b", "n", "n"]); an empty `sep` gives the clusters.
std::vector<std::string_view> split_whole(std::string_view s, std::string_view sep);

// A pattern in Nickel's dialect rewritten for RE2: `\d`, `\D`, `\w` and `\W` stand for
// Unicode digits and word characters, as in Rust's regex crate (`\W` outside brackets
// only), and `\p{Emoji}` for the emoji (see emoji_ranges in the .cpp).
std::string unicode_regex(std::string_view pattern);

// The next match of `re` in `t` starting at or after `pos` whose ends are boundaries;
// fills `groups` (group 0: the match). False when there is none.
bool match_whole(const re2::RE2& re, const ClusterText& t, size_t pos, std::vector<re2::StringPiece>& groups);

} // namespace cairn::eval
