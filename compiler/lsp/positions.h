// Positions at the protocol boundary: LSP counts lines from 0 and characters in UTF-16
// code units; cairn keeps byte offsets (and code point columns for diagnostics). A
// LineIndex over a text converts both ways in O(log lines + line length).
//
// Out-of-range positions are clamped (a line past the end to the end of the text, a
// character past the end of its line to the line's end; a character inside a surrogate
// pair to the code point's start), as clients do send stale positions.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace cairn::lsp {

struct Position {
  uint32_t line = 0;      // 0-based
  uint32_t character = 0; // UTF-16 code units
  friend bool operator==(Position a, Position b) { return a.line == b.line && a.character == b.character; }
};

class LineIndex {
public:
  explicit LineIndex(std::string_view text);
  uint32_t offset(Position p) const;
  Position position(uint32_t offset) const;

private:
  std::string_view text_;
  std::vector<uint32_t> starts_;
};

} // namespace cairn::lsp
