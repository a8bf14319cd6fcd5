// UTF-16 positions to byte offsets and back; see positions.h.
#include "compiler/lsp/positions.h"

#include <algorithm>

namespace cairn::lsp {

namespace {

// The byte length of the UTF-8 sequence starting with `c` (1 for invalid bytes).
uint32_t sequence_length(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF8) == 0xF0) return 4;
  return 1;
}

} // namespace

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (uint32_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts_.push_back(i + 1);
}

uint32_t LineIndex::offset(Position p) const {
  if (p.line >= starts_.size()) return static_cast<uint32_t>(text_.size());
  uint32_t i = starts_[p.line];
  uint32_t end = p.line + 1 < starts_.size() ? starts_[p.line + 1] - 1 : static_cast<uint32_t>(text_.size());
  uint32_t units = 0;
  while (i < end && units < p.character) {
    uint32_t len = sequence_length(static_cast<unsigned char>(text_[i]));
    uint32_t u = len == 4 ? 2 : 1;
    if (units + u > p.character) break; // inside a surrogate pair
    units += u;
    i = std::min(i + len, end);
  }
  return i;
}

Position LineIndex::position(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  uint32_t line = static_cast<uint32_t>(it - starts_.begin()) - 1;
  uint32_t units = 0;
  for (uint32_t i = starts_[line]; i < offset;) {
    uint32_t len = sequence_length(static_cast<unsigned char>(text_[i]));
    units += len == 4 ? 2 : 1;
    i += len;
  }
  return {line, units};
}

} // namespace cairn::lsp
