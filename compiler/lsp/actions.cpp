// Quick fixes from the suggestions diagnostics carry: a "did you mean `content`?" in a
// diagnostic's message (its help or note lines) becomes an edit replacing the misspelled
// name in the diagnostic's range. Text only: the message names the suggestion, the range
// holds the misspelling, so this works for every phase's diagnostics (names, types,
// contracts, provider validation) without any of them knowing about editors.
#include <algorithm>
#include <cstdint>

#include "compiler/lsp/features.h"

namespace cairn::lsp {

namespace {

bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '\'' ||
         c == '-' || static_cast<unsigned char>(c) >= 0x80;
}

bool is_identifier(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!ident_char(c) && c != '.') return false;
  return true;
}

// The texts between backticks, in order.
std::vector<std::string_view> quoted(std::string_view message) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (true) {
    size_t b = message.find('`', pos);
    if (b == std::string_view::npos) break;
    size_t e = message.find('`', b + 1);
    if (e == std::string_view::npos) break;
    out.push_back(message.substr(b + 1, e - b - 1));
    pos = e + 1;
  }
  return out;
}

// `word` in `text` with no identifier character on either side.
std::optional<size_t> find_word(std::string_view text, std::string_view word) {
  for (size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
    bool left = at == 0 || !ident_char(text[at - 1]);
    bool right = at + word.size() == text.size() || !ident_char(text[at + word.size()]);
    if (left && right) return at;
  }
  return std::nullopt;
}

// Levenshtein distance (names are short).
size_t distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

} // namespace

std::vector<QuickFix> suggestion_fixes(std::string_view message, std::string_view range_text) {
  std::vector<QuickFix> out;
  static constexpr std::string_view kMarker = "did you mean `";
  std::vector<std::string_view> names = quoted(message);
  for (size_t pos = message.find(kMarker); pos != std::string_view::npos; pos = message.find(kMarker, pos + 1)) {
    size_t b = pos + kMarker.size(), e = message.find('`', b);
    if (e == std::string_view::npos) break;
    std::string_view suggestion = message.substr(b, e - b);
    if (!is_identifier(suggestion)) continue;
    QuickFix fix;
    fix.replacement = std::string(suggestion);
    if (is_identifier(range_text) && range_text != suggestion) {
      fix.begin = 0;
      fix.end = static_cast<uint32_t>(range_text.size());
      fix.wrong = std::string(range_text);
    } else {
      // The misspelling is the name the message quotes that is found in the range and
      // closest to the suggestion.
      size_t best = SIZE_MAX;
      for (std::string_view w : names) {
        if (w == suggestion || !is_identifier(w) || w.size() > 200) continue;
        auto at = find_word(range_text, w);
        size_t dist = at ? distance(w, suggestion) : SIZE_MAX;
        if (dist >= best) continue;
        best = dist;
        fix.begin = static_cast<uint32_t>(*at);
        fix.end = static_cast<uint32_t>(*at + w.size());
        fix.wrong = std::string(w);
      }
      if (best == SIZE_MAX) continue;
    }
    bool dup = false;
    for (const QuickFix& f : out) dup = dup || f.replacement == fix.replacement;
    if (!dup) out.push_back(std::move(fix));
  }
  return out;
}

} // namespace cairn::lsp
