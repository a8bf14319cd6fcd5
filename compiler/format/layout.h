// The formatter's layout engine: a flat stream of layout commands in, text out.
//
//   Layout doc(source);  doc.text(b, e); doc.line(); doc.begin(); ... doc.end();
//   std::string out = doc.print(width, indent);
//
// The stream is in the style of Oppen's pretty printer: `begin`/`end` bracket a group,
// which is printed flat (every `line` a space, every `tight` nothing) when it fits in the
// remaining width, else broken (every `line` and `tight` of the group itself a newline).
// A `hard` line always breaks and makes every group around it break. Newlines are emitted
// lazily: several line breaks in a row give one newline, and a text marked `blank` after a
// newline gets one empty line before it, so there is never more than one blank line and
// never trailing whitespace. Texts are slices of the source (the formatter never invents
// text except the commas of `if_break`), so the layout owns no strings.
//
// Printing is two linear passes over the stream (flat widths of groups, then output) with
// explicit stacks: no recursion on nesting depth.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::format {

class Layout {
public:
  explicit Layout(std::string_view source) : source_(source) {}

  // A slice [b, e) of the source; `blank`: keep one empty line before it when it starts a
  // line.
  void text(uint32_t b, uint32_t e, bool blank = false) { push(Op::Text, b, e, blank); }
  void space() { push(Op::Space); }
  void line() { push(Op::Line); }
  void tight() { push(Op::Tight); }
  void hard() { push(Op::Hard); }
  // A `,` printed only when the enclosing group is broken (trailing commas).
  void if_break_comma() { push(Op::IfBreak); }
  void indent() { push(Op::Indent); }
  // Indents only when the group that `begin` returned as `group` was broken.
  void indent_if_broken(uint32_t group) { push(Op::IndentIf, group); }
  // Undoes the latest `indent` or `indent_if_broken`.
  void dedent() { push(Op::Dedent); }
  uint32_t begin() {
    push(Op::Begin);
    return static_cast<uint32_t>(cmds_.size() - 1);
  }
  void end() { push(Op::End); }

  std::string print(uint32_t width, uint32_t indent) const;
  size_t size() const { return cmds_.size(); }

private:
  enum class Op : uint8_t { Text, Space, Line, Tight, Hard, IfBreak, Indent, IndentIf, Dedent, Begin, End };
  struct Cmd {
    Op op;
    bool blank;
    uint32_t a;
    uint32_t b;
  };
  void push(Op op, uint32_t a = 0, uint32_t b = 0, bool blank = false) {
    cmds_.push_back({op, blank, a, b});
  }

  std::string_view source_;
  std::vector<Cmd> cmds_;
};

} // namespace cairn::format
