// "Did you mean" suggestions: the closest name by edit distance, if it is close enough.
#include <algorithm>

#include "compiler/resolve/resolve.h"

namespace cairn::resolve {

// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
// adjacent characters each cost 1 (`sdt` is one edit from `std`).
uint32_t edit_distance(std::string_view a, std::string_view b) {
  size_t w = b.size() + 1;
  std::vector<uint32_t> d((a.size() + 1) * w);
  for (size_t i = 0; i <= a.size(); ++i) d[i * w] = static_cast<uint32_t>(i);
  for (size_t j = 0; j <= b.size(); ++j) d[j] = static_cast<uint32_t>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      uint32_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      uint32_t v = std::min({d[(i - 1) * w + j] + 1, d[i * w + j - 1] + 1, d[(i - 1) * w + j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = std::min(v, d[(i - 2) * w + j - 2] + 1);
      d[i * w + j] = v;
    }
  }
  return d[a.size() * w + b.size()];
}

std::optional<std::string_view> closest_name(std::string_view name, const std::vector<std::string_view>& candidates) {
  // Allow about one edit per three characters, at least one.
  uint32_t limit = std::max<uint32_t>(1, static_cast<uint32_t>(name.size()) / 3);
  std::optional<std::string_view> best;
  uint32_t best_distance = limit + 1;
  for (std::string_view c : candidates) {
    if (c == name) continue;
    if (c.size() > name.size() + limit || name.size() > c.size() + limit) continue;
    uint32_t d = edit_distance(name, c);
    if (d < best_distance || (d == best_distance && best && c < *best)) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

} // namespace cairn::resolve
