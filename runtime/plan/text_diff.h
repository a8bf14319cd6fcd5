// Line diffs of multi-line strings for plan output: which lines stay, go and come.
// Longest common subsequence on lines, with the common prefix and suffix trimmed first;
// inputs too large for the quadratic table fall back to "all old lines go, all new come".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cairn::plan {

struct DiffLine {
  char op; // ' ' same, '-' removed, '+' added
  std::string_view text;
};

std::vector<std::string_view> split_lines(std::string_view s);
std::vector<DiffLine> diff_lines(std::string_view before, std::string_view after);

} // namespace cairn::plan
