// "Did you mean" suggestions: the closest name by edit distance, if it is close enough.
#include <algorithm>

#include "compiler/resolve/resolve.h"

namespace cairn::resolve {

uint32_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<uint32_t> row(b.size() + 1);
  for (uint32_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (uint32_t i = 1; i <= a.size(); ++i) {
    uint32_t diag = row[0];
    row[0] = i;
    for (uint32_t j = 1; j <= b.size(); ++j) {
      uint32_t up = row[j];
      uint32_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + cost});
      diag = up;
    }
  }
  return row[b.size()];
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
