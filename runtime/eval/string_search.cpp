// Searching strings by whole characters; see string_search.h.
#include "runtime/eval/string_search.h"

#include <fmt/core.h>
#include <utf8proc.h>

#include "compiler/value/string.h"

namespace cairn::eval {

ClusterText::ClusterText(std::string_view s) : s_(s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80 || c == '\r') all_ = false;
  if (all_) return;
  at_.assign(s.size() + 1, false);
  for (uint32_t b : value::str::grapheme_boundaries(s)) at_[b] = true;
}

size_t ClusterText::next_boundary(size_t i) const {
  if (i >= s_.size()) return s_.size();
  ++i;
  while (i < s_.size() && !boundary(i)) ++i;
  return i;
}

size_t ClusterText::find(std::string_view pat, size_t pos) const {
  while (pos <= s_.size()) {
    size_t hit = s_.find(pat, pos);
    if (hit == std::string_view::npos) return hit;
    if (boundary(hit) && boundary(hit + pat.size())) return hit;
    pos = hit + 1;
  }
  return std::string_view::npos;
}

std::string replace_whole(std::string_view s, std::string_view pat, std::string_view rep) {
  ClusterText t(s);
  std::string out;
  if (pat.empty()) {
    for (size_t i = 0; i < s.size(); i = t.next_boundary(i)) {
      out.append(rep);
      out.append(s.substr(i, t.next_boundary(i) - i));
    }
    out.append(rep);
    return out;
  }
  size_t pos = 0;
  for (size_t hit; (hit = t.find(pat, pos)) != std::string_view::npos; pos = hit + pat.size()) {
    out.append(s.substr(pos, hit - pos));
    out.append(rep);
  }
  out.append(s.substr(pos));
  return out;
}

std::vector<std::string_view> split_whole(std::string_view s, std::string_view sep) {
  ClusterText t(s);
  std::vector<std::string_view> parts;
  if (sep.empty()) {
    for (size_t i = 0; i < s.size(); i = t.next_boundary(i)) parts.push_back(s.substr(i, t.next_boundary(i) - i));
    return parts;
  }
  size_t pos = 0;
  for (size_t hit; (hit = t.find(sep, pos)) != std::string_view::npos; pos = hit + sep.size())
    parts.push_back(s.substr(pos, hit - pos));
  // As in Nickel, what follows the last separator is a part only when it is not empty.
  if (pos < s.size()) parts.push_back(s.substr(pos));
  return parts;
}

namespace {

// The members of \p{Emoji} as RE2 class ranges. RE2 has no emoji properties; utf8proc knows
// Extended_Pictographic (what grapheme segmentation uses), which covers the emoji but for
// the keycap bases (#, *, 0-9), the regional indicators and the skin-tone modifiers, added
// here; unassigned code points it reserves for future pictographs are left out. Built once.
const std::string& emoji_ranges() {
  static const std::string ranges = [] {
    auto emoji = [](utf8proc_int32_t c) {
      if (c == '#' || c == '*' || (c >= '0' && c <= '9')) return true;
      if ((c >= 0x1F1E6 && c <= 0x1F1FF) || (c >= 0x1F3FB && c <= 0x1F3FF)) return true;
      return utf8proc_get_property(c)->boundclass == UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC &&
             utf8proc_category(c) != UTF8PROC_CATEGORY_CN;
    };
    std::string out;
    for (utf8proc_int32_t c = 0; c <= 0x10FFFF; ++c) {
      if (!emoji(c)) continue;
      utf8proc_int32_t last = c;
      while (last < 0x10FFFF && emoji(last + 1)) ++last;
      out += fmt::format("\\x{{{:X}}}", c);
      if (last > c) out += fmt::format("-\\x{{{:X}}}", last);
      c = last;
    }
    return out;
  }();
  return ranges;
}

} // namespace

std::string unicode_regex(std::string_view p) {
  static constexpr std::string_view kWord = "\\p{L}\\p{M}\\p{Nd}\\p{Pc}";
  std::string out;
  bool in_class = false;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if ((c == '\\') && i + 1 < p.size() && (p.substr(i + 1, 8) == "p{Emoji}" || p.substr(i + 1, 8) == "P{Emoji}")) {
      bool negated = p[i + 1] == 'P';
      i += 8;
      if (in_class && !negated) out += emoji_ranges();
      else if (!in_class) out += (negated ? "[^" : "[") + emoji_ranges() + "]";
      else out += "\\P{Emoji}"; // a negated property inside brackets: left to RE2, which refuses it
      continue;
    }
    if (c == '\\' && i + 1 < p.size()) {
      char e = p[++i];
      if (e == 'd') out += "\\p{Nd}";
      else if (e == 'D') out += "\\P{Nd}";
      else if (e == 'w') out += in_class ? std::string(kWord) : "[" + std::string(kWord) + "]";
      else if (e == 'W' && !in_class) out += "[^" + std::string(kWord) + "]";
      else {
        out += c;
        out += e;
      }
      continue;
    }
    if (c == '[' && !in_class) {
      in_class = true;
      out += c;
      // A `]` (or `^]`) right after the opening bracket is a member, not the end.
      if (i + 1 < p.size() && p[i + 1] == '^') out += p[++i];
      if (i + 1 < p.size() && p[i + 1] == ']') out += p[++i];
      continue;
    }
    if (c == ']' && in_class) in_class = false;
    out += c;
  }
  return out;
}

bool match_whole(const re2::RE2& re, const ClusterText& t, size_t pos, std::vector<re2::StringPiece>& groups) {
  std::string_view s = t.text();
  re2::StringPiece input(s.data(), s.size());
  while (pos <= s.size()) {
    if (!re.Match(input, pos, s.size(), re2::RE2::UNANCHORED, groups.data(), static_cast<int>(groups.size())))
      return false;
    size_t start = static_cast<size_t>(groups[0].data() - s.data());
    if (t.boundary(start) && t.boundary(start + groups[0].size())) return true;
    pos = start + 1;
  }
  return false;
}

} // namespace cairn::eval
