// Formatting through `cairn fmt`'s formatter: the whole document (format_document, for
// whole-document and range formatting alike), and range formatting's edits: the whole
// document is formatted (layout depends on the enclosing code), then the lines that
// changed are found by a line diff and only the hunks touching the lines asked about
// become edits.
#include <algorithm>
#include <cstdint>

#include "compiler/format/format.h"
#include "compiler/lsp/features.h"

namespace cairn::lsp {

namespace {

// Lines with their terminators, as views into `text`.
std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> out;
  size_t b = 0;
  while (b < text.size()) {
    size_t nl = text.find('\n', b);
    size_t e = nl == std::string_view::npos ? text.size() : nl + 1;
    out.push_back(text.substr(b, e - b));
    b = e;
  }
  return out;
}

struct Hunk {
  size_t a0, a1, b0, b1; // lines [a0, a1) of before become [b0, b1) of after
};

// The changed runs of lines: equal lines are kept in order; at a difference, the nearest
// pair of equal lines (within 200 lines on each side, else the ends) resynchronises.
// Any such run of hunks turns one text into the other; formatting changes few lines.
std::vector<Hunk> diff(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  std::vector<Hunk> out;
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      ++i, ++j;
      continue;
    }
    // Find the nearest resynchronisation: the smallest i2 + j2 with a[i2] == b[j2].
    size_t best_i = a.size(), best_j = b.size(), best = SIZE_MAX;
    for (size_t di = 0; i + di <= a.size() && di < 200; ++di) {
      for (size_t dj = 0; j + dj <= b.size() && dj < 200 && di + dj < best; ++dj) {
        size_t ii = i + di, jj = j + dj;
        if (ii < a.size() && jj < b.size() && a[ii] == b[jj]) {
          best = di + dj, best_i = ii, best_j = jj;
          break;
        }
      }
    }
    out.push_back({i, best_i, j, best_j});
    i = best_i, j = best_j;
  }
  return out;
}

} // namespace

std::vector<RangeEdit> range_format_edits(std::string_view before, std::string_view after, uint32_t first_line,
                                          uint32_t last_line) {
  std::vector<std::string_view> a = lines_of(before), b = lines_of(after);
  std::vector<RangeEdit> out;
  size_t a_offset = 0, a_line = 0;
  auto offset_of_line = [&](size_t line) {
    while (a_line < line && a_line < a.size()) a_offset += a[a_line++].size();
    return a_offset;
  };
  for (const Hunk& h : diff(a, b)) {
    // A hunk touches the range when its lines of `before` meet [first_line, last_line]
    // (an insertion: when it sits inside or just after).
    bool touches = h.a0 == h.a1 ? (h.a0 >= first_line && h.a0 <= last_line + 1) : (h.a0 <= last_line && h.a1 > first_line);
    if (!touches) continue;
    RangeEdit e;
    e.begin = static_cast<uint32_t>(offset_of_line(h.a0));
    e.end = static_cast<uint32_t>(offset_of_line(h.a1));
    for (size_t k = h.b0; k < h.b1; ++k) e.text += b[k];
    out.push_back(std::move(e));
  }
  return out;
}

std::optional<std::string> format_document(const std::string& path, const std::string& text) {
  base::SourceMap sources;
  base::Names names;
  diag::CollectingConsumer sink;
  diag::Diagnostics diags(&sink);
  base::FileId file = sources.add(path, text);
  return format::format(sources, file, names, diags);
}

} // namespace cairn::lsp
