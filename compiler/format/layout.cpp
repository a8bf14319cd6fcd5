// The layout engine's printer; see layout.h.
#include "compiler/format/layout.h"

namespace cairn::format {

namespace {

constexpr uint64_t kInfinite = uint64_t(1) << 40;

// Columns count code points, as editors and diagnostics do.
uint32_t code_points(std::string_view s) {
  uint32_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

} // namespace

std::string Layout::print(uint32_t width, uint32_t indent_step) const {
  const size_t n = cmds_.size();
  // Flat width of every prefix of the stream, with the texts that cannot be flat (they hold
  // a newline) and hard lines counted apart, so a group's flat width is a difference.
  std::vector<uint64_t> flat(n + 1, 0);
  std::vector<uint32_t> breaks(n + 1, 0);
  std::vector<uint32_t> group_end(n, 0);
  {
    std::vector<uint32_t> open;
    for (size_t i = 0; i < n; ++i) {
      const Cmd& c = cmds_[i];
      uint64_t w = 0;
      uint32_t hard = 0;
      switch (c.op) {
      case Op::Text: {
        std::string_view s = source_.substr(c.a, c.b - c.a);
        if (s.find('\n') != std::string_view::npos)
          hard = 1;
        else
          w = code_points(s);
        break;
      }
      case Op::Space:
      case Op::Line: w = 1; break;
      case Op::Hard: hard = 1; break;
      case Op::Begin: open.push_back(static_cast<uint32_t>(i)); break;
      case Op::End:
        if (!open.empty()) {
          group_end[open.back()] = static_cast<uint32_t>(i);
          open.pop_back();
        }
        break;
      case Op::Tight:
      case Op::IfBreak:
      case Op::Indent:
      case Op::IndentIf:
      case Op::Dedent: break;
      }
      flat[i + 1] = flat[i] + w;
      breaks[i + 1] = breaks[i] + hard;
    }
  }
  auto group_width = [&](size_t b) -> uint64_t {
    size_t e = group_end[b];
    if (breaks[e] != breaks[b]) return kInfinite;
    return flat[e] - flat[b];
  };
  // What follows a group on its line when nothing breaks before it: texts up to the next
  // possible line break (a `,`, a closer, `in`...).
  auto trailer = [&](size_t e) -> uint64_t {
    uint64_t w = 0;
    for (size_t i = e + 1; i < n && w <= width; ++i) {
      const Cmd& c = cmds_[i];
      if (c.op == Op::Text) {
        std::string_view s = source_.substr(c.a, c.b - c.a);
        size_t nl = s.find('\n');
        if (nl != std::string_view::npos) return w + code_points(s.substr(0, nl));
        w += code_points(s);
      } else if (c.op == Op::Space || c.op == Op::IfBreak) {
        w += 1; // an if-break comma here prints: its group is the broken parent
      } else if (c.op == Op::Line || c.op == Op::Tight || c.op == Op::Hard || c.op == Op::Begin) {
        break;
      }
    }
    return w;
  };

  std::string out;
  out.reserve(source_.size() + source_.size() / 8 + 16);
  std::vector<bool> broken{true}; // the file itself is broken
  std::vector<uint8_t> decided(n, 0); // per Begin: 1 when that group was broken
  std::vector<uint32_t> indents;      // what each open indent added
  uint32_t indent = 0, col = 0, pending_indent = 0;
  bool pending_nl = false, pending_space = false, line_start = true;
  auto flush = [&](bool blank) {
    if (pending_nl && !out.empty()) {
      out += '\n';
      if (blank) out += '\n';
      out.append(pending_indent, ' ');
      col = pending_indent;
      line_start = true;
    } else if (pending_space && !line_start) {
      out += ' ';
      ++col;
    }
    pending_nl = pending_space = false;
  };
  for (size_t i = 0; i < n; ++i) {
    const Cmd& c = cmds_[i];
    switch (c.op) {
    case Op::Text: {
      flush(c.blank);
      std::string_view s = source_.substr(c.a, c.b - c.a);
      out.append(s);
      size_t nl = s.rfind('\n');
      col = nl == std::string_view::npos ? col + code_points(s)
                                         : code_points(s.substr(nl + 1));
      line_start = false;
      break;
    }
    case Op::IfBreak:
      if (broken.back()) {
        flush(false);
        out += ',';
        ++col;
        line_start = false;
      }
      break;
    case Op::Space:
      if (!pending_nl) pending_space = true;
      break;
    case Op::Line:
    case Op::Tight:
      if (broken.back()) {
        pending_nl = true;
        pending_indent = indent;
      } else if (c.op == Op::Line && !pending_nl) {
        pending_space = true;
      }
      break;
    case Op::Hard:
      pending_nl = true;
      pending_indent = indent;
      break;
    case Op::Indent:
      indents.push_back(indent_step);
      indent += indent_step;
      break;
    case Op::IndentIf: {
      uint32_t add = c.a < n && decided[c.a] ? indent_step : 0;
      indents.push_back(add);
      indent += add;
      break;
    }
    case Op::Dedent:
      if (!indents.empty()) {
        indent -= indents.back();
        indents.pop_back();
      }
      break;
    case Op::Begin: {
      if (!broken.back()) {
        broken.push_back(false);
        break;
      }
      uint64_t at = pending_nl ? pending_indent : col + (pending_space && !line_start ? 1 : 0);
      uint64_t need = group_width(i) + trailer(group_end[i]);
      broken.push_back(at + need > width);
      decided[i] = broken.back();
      break;
    }
    case Op::End:
      if (broken.size() > 1) broken.pop_back();
      break;
    }
  }
  if (!out.empty()) out += '\n';
  return out;
}

} // namespace cairn::format
